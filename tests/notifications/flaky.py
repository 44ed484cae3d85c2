"""Channel backends for the Celery integration tests, loaded by the worker subprocess.

The worker is another process, so these backends take their instructions from files named
by environment variables rather than from mocks:

- FlakySmsBackend fails while FLAKY_SMS_STATE records fewer than FLAKY_SMS_FAILURES failures;
- BlockingSmsBackend marks BLOCKING_SMS_DIR/started, then waits for BLOCKING_SMS_DIR/release;
- JsonlEmailBackend appends each e-mail as a JSON line to TEST_EMAIL_DIR/email.jsonl
  (settings.py reads EMAIL_BACKEND from the environment but not EMAIL_FILE_PATH).

Both SMS backends write what they send like portal.sms.FileBackend: SMS_FILE_PATH/sms.jsonl.
"""

import json
import os
import time
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend

from portal.sms import FileBackend


class FlakySmsBackend(FileBackend):
    def send(self, *, phone: str, text: str) -> None:
        state = Path(os.environ["FLAKY_SMS_STATE"])
        failures = int(state.read_text() or 0) if state.exists() else 0
        if failures < int(os.environ.get("FLAKY_SMS_FAILURES", "2")):
            state.write_text(str(failures + 1))
            raise ConnectionError(f"SMS gateway unavailable (failure {failures + 1})")
        super().send(phone=phone, text=text)


class BlockingSmsBackend(FileBackend):
    """Hangs mid-send until released, so the test can kill the worker while it sends."""

    def send(self, *, phone: str, text: str) -> None:
        folder = Path(os.environ["BLOCKING_SMS_DIR"])
        release = folder / "release"
        if not release.exists():
            (folder / "started").write_text(str(os.getpid()))
            deadline = time.monotonic() + 120
            while not release.exists():
                if time.monotonic() > deadline:
                    raise TimeoutError("never released")
                time.sleep(0.05)
        super().send(phone=phone, text=text)


class JsonlEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        folder = Path(os.environ["TEST_EMAIL_DIR"])
        folder.mkdir(parents=True, exist_ok=True)
        with (folder / "email.jsonl").open("a", encoding="utf-8") as stream:
            for message in email_messages:
                record = {"to": message.to, "subject": message.subject}
                stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        return len(email_messages)
