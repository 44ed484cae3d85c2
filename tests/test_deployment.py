"""The deployment files: docker compose (parsed, not run: no engine here), CI, Makefile."""

import json
import os
import re
import subprocess
import sys
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


class _Replace:
    """A value tagged `!reset` or `!override`: it replaces the main file's, not merged with it."""

    def __init__(self, value):
        self.value = value


class _ComposeLoader(yaml.SafeLoader):
    """PyYAML's safe loader, knowing compose's merge tags."""


def _construct_replace(loader, node):
    if isinstance(node, yaml.MappingNode):
        return _Replace(loader.construct_mapping(node, deep=True))
    if isinstance(node, yaml.SequenceNode):
        return _Replace(loader.construct_sequence(node, deep=True))
    return _Replace(loader.construct_scalar(node) or None)


for _tag in ("!reset", "!override"):
    _ComposeLoader.add_constructor(_tag, _construct_replace)


def _load_override(text: str):
    # A SafeLoader with two tags more: it builds no other object.
    return yaml.load(text, Loader=_ComposeLoader)  # noqa: S506  # nosec B506


# Replaced as a whole by an override file (compose's merge rules); other lists are appended to.
REPLACED_KEYS = {"command", "entrypoint", "test"}


def _plain(value):
    if isinstance(value, _Replace):
        return _plain(value.value)
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def compose_merge(base, override, key=None):
    """What `docker compose -f base -f override` makes of one value: mappings merged key by
    key, lists appended to (ports, volumes), commands replaced, `!reset`/`!override` replace."""
    if isinstance(override, _Replace):
        return _plain(override)
    if isinstance(base, dict) and isinstance(override, dict):
        merged = dict(base)
        for name, value in override.items():
            merged[name] = compose_merge(base[name], value, name) if name in base else _plain(value)
        return merged
    if isinstance(base, list) and isinstance(override, list) and key not in REPLACED_KEYS:
        return base + [item for item in _plain(override) if item not in base]
    return _plain(override)


@pytest.fixture(scope="module")
def scaled(compose):
    """docker-compose.yml with docker-compose.scale.yml on top, as compose merges them."""
    override = _load_override((ROOT / "docker-compose.scale.yml").read_text())
    return compose_merge(compose, override)


def test_the_merge_helper_merges_as_compose_does():
    override = _load_override(
        "ports: ['9:9']\nenvironment: {B: '2'}\ncommand: b\nvolumes: !reset []\n"
    )
    base = {"ports": ["8:8"], "environment": {"A": "1"}, "command": "a", "volumes": ["v:/v"]}
    assert compose_merge(base, override) == {
        "ports": ["8:8", "9:9"],
        "environment": {"A": "1", "B": "2"},
        "command": "b",
        "volumes": [],
    }


def test_scale_publishes_only_the_proxy(scaled):
    services = scaled["services"]
    assert set(services) == {"db", "redis", "mail", "migrate", "web", "worker", "beat", "proxy"}
    assert [name for name, service in services.items() if service.get("ports")] == ["proxy"]
    assert re.fullmatch(r"nginx:\d+\.\d+(\.\d+)?", services["proxy"]["image"])
    assert [port.rsplit(":", 1)[-1] for port in services["proxy"]["ports"]] == ["80"]
    assert services["proxy"]["depends_on"]["web"]["condition"] == "service_healthy"


def test_scale_runs_several_web_and_worker_processes_and_one_beat(scaled):
    services = scaled["services"]
    assert services["web"]["deploy"]["replicas"] > 1
    assert services["worker"]["deploy"]["replicas"] > 1
    assert services["beat"]["deploy"]["replicas"] == 1
    assert "beat" in services["beat"]["command"]
    for name, service in services.items():
        assert "scale" not in service, name
        if name != "web" and name != "worker":
            assert service.get("deploy", {}).get("replicas", 1) == 1, name


def test_scale_replicas_share_one_image_database_and_broker(compose, scaled):
    main = compose["services"]["web"]
    services = scaled["services"]
    assert services["db"] == compose["services"]["db"]
    assert services["redis"] == compose["services"]["redis"]
    images = {name: service.get("image", "") for name, service in services.items()}
    assert [name for name, image in images.items() if image.startswith("postgres")] == ["db"]
    assert [name for name, image in images.items() if image.startswith("redis")] == ["redis"]
    for name in ("web", "worker", "beat", "migrate"):
        service = services[name]
        assert service["image"] == main["image"] and service["build"] == main["build"], name
        for variable in ("DATABASE_URL", "CELERY_BROKER_URL", "CACHE_URL", "FANXIANG_MEDIA_ROOT"):
            assert service["environment"][variable] == main["environment"][variable], name
        assert "media:/data/media" in service["volumes"], name
    # Everything else as in the main file: the web only trusts the proxy in front of it.
    assert services["migrate"]["environment"] == main["environment"]
    behind_the_proxy = {**main["environment"], "DJANGO_BEHIND_TLS_PROXY": "true"}
    assert services["web"]["environment"] == behind_the_proxy
    assert services["worker"]["environment"] == main["environment"]


def test_scale_migrates_once_before_the_web_replicas_start(scaled):
    services = scaled["services"]
    assert "migrate" not in services["web"]["command"]
    assert services["web"]["command"].startswith("gunicorn portal.wsgi --bind 0.0.0.0:8000")
    assert services["migrate"]["command"] == "python manage.py migrate --noinput"
    assert services["migrate"]["restart"] == "no"
    assert services["web"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert services["migrate"]["depends_on"]["db"]["condition"] == "service_healthy"


def _proxy_settings(environment, tmp_path):
    """REST_FRAMEWORK's NUM_PROXIES and the client address the portal takes, in a process with
    the settings a web replica reads."""
    code = (
        "import django, json; django.setup()\n"
        "from django.conf import settings\n"
        "from django.test import RequestFactory\n"
        "from portal.accounts.throttling import client_address\n"
        "request = RequestFactory().get('/', HTTP_X_FORWARDED_FOR='6.6.6.6, 203.0.113.7',"
        " REMOTE_ADDR='172.18.0.9')\n"
        "print(json.dumps([settings.REST_FRAMEWORK['NUM_PROXIES'], client_address(request)]))\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DJANGO_DEBUG": "true",
        "FANXIANG_VAR_DIR": str(tmp_path),
        "DJANGO_BEHIND_TLS_PROXY": environment["DJANGO_BEHIND_TLS_PROXY"],
    }
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_scale_proxy_points_at_web_and_the_web_trusts_exactly_one_proxy(scaled, tmp_path):
    proxy = scaled["services"]["proxy"]
    mounts = {volume.split(":")[1]: volume.split(":")[0] for volume in proxy["volumes"]}
    config_file = ROOT / mounts["/etc/nginx/conf.d/default.conf"]
    assert config_file == ROOT / "deploy" / "nginx.conf"
    config = re.sub(r"#.*", "", config_file.read_text())
    upstream = re.search(r"upstream (\w+) \{([^}]*)\}", config)
    assert re.findall(r"^\s*server (\S+)", upstream.group(2), re.MULTILINE) == ["web:8000"]
    assert re.findall(r"proxy_pass (\S+);", config) == [f"http://{upstream.group(1)}"]
    assert re.search(r"proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;", config)
    assert re.search(r"proxy_set_header X-Forwarded-Proto \$scheme;", config)
    # Room for one document of the largest size the portal takes, and not many times more.
    from applications.uploads import MAX_BYTES

    megabytes = int(re.search(r"client_max_body_size (\d+)m;", config).group(1))
    assert MAX_BYTES < megabytes * 1024 * 1024 <= 2 * MAX_BYTES
    # It serves nothing itself: no files, no second site.
    assert not re.search(r"^\s*(root|alias|autoindex|try_files)\b", config, re.MULTILINE)
    assert len(re.findall(r"^server \{", config, re.MULTILINE)) == 1
    # One proxy in front: the address it adds, last, is the client's; what came before is not.
    assert _proxy_settings(scaled["services"]["web"]["environment"], tmp_path) == [1, "203.0.113.7"]


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
