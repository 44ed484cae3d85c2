"""The deployment files: docker compose (parsed, not run: no engine here), CI, Makefile."""

import re
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_has_every_service(compose):
    assert set(compose["services"]) == {"db", "redis", "web", "worker", "beat", "mail"}
    assert compose["services"]["db"]["image"].startswith("postgres:16")
    assert compose["services"]["redis"]["image"].startswith("redis:")


def test_web_worker_and_beat_share_one_image_and_settings(compose):
    django = [compose["services"][name] for name in ("web", "worker", "beat")]
    assert {service["image"] for service in django} == {"fanxiang:latest"}
    assert all(service["build"] == "." for service in django)
    first = django[0]["environment"]
    assert all(service["environment"] == first for service in django)
    assert first["DJANGO_DEBUG"] == "false"
    assert first["DATABASE_URL"].startswith("postgres://") and "@db:5432/" in first["DATABASE_URL"]
    assert first["CELERY_BROKER_URL"].startswith("redis://redis:6379/")
    assert "?" in first["DJANGO_SECRET_KEY"], "the secret key must be required, never defaulted"


def test_services_have_health_checks_and_data_has_volumes(compose):
    services = compose["services"]
    for name in ("db", "redis", "web", "worker", "mail"):
        assert services[name]["healthcheck"]["test"], name
    assert "/healthz" in " ".join(services["web"]["healthcheck"]["test"])
    assert set(compose["volumes"]) >= {"pgdata", "redisdata", "media"}
    assert any(volume.startswith("pgdata:") for volume in services["db"]["volumes"])
    assert services["web"]["depends_on"]["db"]["condition"] == "service_healthy"
    assert services["worker"]["depends_on"]["web"]["condition"] == "service_healthy"


def test_exactly_one_beat(compose):
    beat = compose["services"]["beat"]
    assert "beat" in beat["command"]
    assert beat.get("deploy", {}).get("replicas", 1) == 1
    assert "scale" not in beat


def test_dockerfile_serves_the_wsgi_app_as_a_non_root_user():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert dockerfile.startswith("# ") and "FROM python:3.11" in dockerfile
    assert "collectstatic" in dockerfile and "pybabel compile" in dockerfile
    assert re.search(r"^USER fanxiang$", dockerfile, re.MULTILINE)
    assert "portal.wsgi" in dockerfile


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    assert re.search(r"^make test\b", ci, re.MULTILINE)
    assert "make test" in (ROOT / "README.md").read_text()


def test_every_requirement_is_pinned():
    for name in ("requirements.txt", "requirements-dev.txt"):
        for line in (ROOT / name).read_text().splitlines():
            line = line.split("#")[0].strip()
            if line and not line.startswith("-r"):
                assert re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[\w.]+", line), line


def test_make_run_links_its_messages_to_the_port_it_serves_on():
    """`make run PORT=8765`: the links in e-mails and text messages lead to that port."""
    dry_run = subprocess.run(
        ["make", "-n", "run", "PORT=8765"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert "PORTAL_BASE_URL=${PORTAL_BASE_URL:-http://127.0.0.1:8765}" in dry_run
