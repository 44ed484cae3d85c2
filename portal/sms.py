"""Sending text messages. A backend has send(phone, text); settings.SMS_BACKEND picks one."""

import json
import logging
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class BaseBackend:
    def send(self, *, phone: str, text: str) -> None:
        raise NotImplementedError


class ConsoleBackend(BaseBackend):
    """Development: writes each message to the log."""

    def send(self, *, phone: str, text: str) -> None:
        logger.info("SMS to %s: %s", phone, text)


class FileBackend(BaseBackend):
    """Development and tests: appends each message as a JSON line to SMS_FILE_PATH/sms.jsonl."""

    def send(self, *, phone: str, text: str) -> None:
        folder = Path(settings.SMS_FILE_PATH)
        folder.mkdir(parents=True, exist_ok=True)
        record = {"phone": phone, "text": text, "at": datetime.now(UTC).isoformat()}
        with (folder / "sms.jsonl").open("a", encoding="utf-8") as stream:
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")


def get_backend() -> BaseBackend:
    return import_string(settings.SMS_BACKEND)()
