"""System checks of the portal itself (`manage.py check`, and every management command but
`collectstatic`, which runs only the static files' own checks)."""

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin
from django.core.checks import Error
from django.core.files.storage import storages


def static_manifest_problem() -> str | None:
    """With production's static files (hashed names from a manifest), a missing manifest makes
    every page fail: what to run, or None."""
    storage = storages["staticfiles"]
    if not isinstance(storage, ManifestFilesMixin):
        return None
    manifest = Path(settings.STATIC_ROOT) / storage.manifest_name
    if manifest.exists():
        return None
    return (
        f"The static files are not collected ({manifest} is missing), so every page would "
        "fail. Run `python manage.py collectstatic --noinput` first (the Docker image does it "
        "when it is built)."
    )


def static_files_collected(app_configs=None, **kwargs):
    problem = static_manifest_problem()
    return [Error(problem, id="portal.E001")] if problem else []
