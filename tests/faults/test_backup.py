"""Backup and restore of a running portal with its uploaded documents (scripts/backup.sh and
scripts/restore.sh): the restored portal serves the same application and the same bytes."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import tarfile
import threading

import pytest

from .drafts import PASSWORD
from .portal import (
    ROOT,
    database_name,
    database_url,
    demo_portal,
    fresh_database,
    gunicorn,
    make_drafts,
    manage,
    portal_env,
)

pytestmark = pytest.mark.faults


def script(name: str, env: dict, *args) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", str(ROOT / "scripts" / name), *map(str, args)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_backup_of_a_running_portal_restores_with_its_documents(scratch):
    # Two databases of their own on the server of DATABASE_URL.
    source_url = database_url(database_name(os.environ["DATABASE_URL"]) + "_backup")
    target_url = database_url(database_name(source_url) + "_restored")
    archive = scratch / "backup.tar"
    with fresh_database(source_url), fresh_database(target_url):
        source = portal_env(url=source_url, var_dir=scratch / "source")
        demo_portal(source)
        (made,) = make_drafts(source, 1, submit=True)
        assert made["documents"], "the application has uploaded documents"

        with gunicorn(source, scratch / "source.log") as live:
            visitor = live.client()
            assert visitor.login(made["username"], PASSWORD).status == 302
            detail = f"/applications/{made['application']}/"
            assert visitor.get(detail).status == 200
            stop = threading.Event()
            statuses = []

            def browse():
                while not stop.is_set():
                    statuses.append(visitor.get(detail).status)

            browsing = threading.Thread(target=browse, daemon=True)
            browsing.start()
            backup = script("backup.sh", source, archive)
            stop.set()
            browsing.join(timeout=30)
        assert backup.returncode == 0, backup.stderr
        assert statuses and set(statuses) == {200}

        with tarfile.open(archive) as tar:
            assert sorted(tar.getnames()) == ["database.dump", "manifest.json", "media.tar.gz"]
            manifest = json.load(tar.extractfile("manifest.json"))
        counts = manifest["counts"]
        assert counts["applications"] == 1 and counts["referrals"] == made["departments"]
        assert counts["documents"] == len(made["documents"])
        # Each upload is kept twice: the application's copy and the applicant's own (我的材料).
        assert counts["documents"] + counts["wallet_documents"] == counts["media_files"]
        assert len(manifest["commit"]) == 40 and manifest["made_at"]

        # The archive holds no keys: the restored portal is started with the same ones.
        target = portal_env(
            url=target_url,
            var_dir=scratch / "restored",
            FIELD_ENCRYPTION_KEYS=source["FIELD_ENCRYPTION_KEYS"],
        )
        restore = script("restore.sh", target, archive)
        assert restore.returncode == 0, restore.stderr
        # The restored database is a whole portal: nothing left to migrate.
        manage(target, "migrate", "--check")

        with gunicorn(target, scratch / "restored.log") as restored:
            visitor = restored.client()
            assert visitor.login(made["username"], PASSWORD).status == 302
            page = visitor.get(detail)
            assert page.status == 200
            for document in made["documents"]:
                download = visitor.get(f"/documents/{document['id']}/")
                assert download.status == 200
                assert hashlib.sha256(download.body).hexdigest() == document["sha256"]

        # A second restore over it is refused: nothing is overwritten.
        again = script("restore.sh", target, archive)
        assert again.returncode == 1
        assert "empty" in again.stderr
