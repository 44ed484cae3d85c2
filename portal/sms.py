"""Sending text messages. A backend has send(phone, text) for plain text and
send_code(phone, code, text) for a one-time code (real providers send codes only through an
approved template); settings.SMS_BACKEND picks one."""

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

    def send_code(self, *, phone: str, code: str, text: str) -> None:
        """A one-time code; `text` is the whole message in the person's language, for
        backends without templates."""
        self.send(phone=phone, text=text)


class ConsoleBackend(BaseBackend):
    """Development: writes each message to the log."""

    def send(self, *, phone: str, text: str) -> None:
        logger.info("SMS to %s: %s", phone, text)


class FileBackend(BaseBackend):
    """Development and tests: appends each message as a JSON line to SMS_FILE_PATH/sms.jsonl
    (a code also under "code", as a template provider would receive it)."""

    def send(self, *, phone: str, text: str, **extra) -> None:
        folder = Path(settings.SMS_FILE_PATH)
        folder.mkdir(parents=True, exist_ok=True)
        record = {"phone": phone, "text": text, "at": datetime.now(UTC).isoformat(), **extra}
        with (folder / "sms.jsonl").open("a", encoding="utf-8") as stream:
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")

    def send_code(self, *, phone: str, code: str, text: str) -> None:
        self.send(phone=phone, text=text, code=code)


def get_backend() -> BaseBackend:
    return import_string(settings.SMS_BACKEND)()


class AliyunBackend(BaseBackend):
    """Alibaba Cloud SMS (dysmsapi SendSms, RPC signature version 1.0), as an example of a real
    provider. Off by default; turn it on with SMS_BACKEND=portal.sms.AliyunBackend and the
    SMS_ALIYUN_* settings. Plain text goes into the approved template's ${content} parameter;
    a code into ${code} of the code template (SMS_ALIYUN_CODE_TEMPLATE), which providers
    require for codes."""

    def send(self, *, phone: str, text: str) -> None:
        self._send(phone, settings.SMS_ALIYUN_TEMPLATE_CODE, {"content": text})

    def send_code(self, *, phone: str, code: str, text: str) -> None:
        if not settings.SMS_ALIYUN_CODE_TEMPLATE:
            self.send(phone=phone, text=text)
            return
        self._send(phone, settings.SMS_ALIYUN_CODE_TEMPLATE, {"code": code})

    def _send(self, phone: str, template: str, values: dict) -> None:
        import base64
        import hashlib
        import hmac
        import urllib.parse
        import urllib.request
        import uuid

        def encode(value: str) -> str:
            return urllib.parse.quote(value, safe="~")

        params = {
            "AccessKeyId": settings.SMS_ALIYUN_ACCESS_KEY_ID,
            "Action": "SendSms",
            "Format": "JSON",
            "PhoneNumbers": phone,
            "RegionId": "cn-hangzhou",
            "SignName": settings.SMS_ALIYUN_SIGN_NAME,
            "SignatureMethod": "HMAC-SHA1",
            "SignatureNonce": uuid.uuid4().hex,
            "SignatureVersion": "1.0",
            "TemplateCode": template,
            "TemplateParam": json.dumps(values, ensure_ascii=False),
            "Timestamp": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "Version": "2017-05-25",
        }
        query = "&".join(f"{encode(key)}={encode(params[key])}" for key in sorted(params))
        to_sign = f"GET&{encode('/')}&{encode(query)}"
        key = (settings.SMS_ALIYUN_ACCESS_KEY_SECRET + "&").encode()
        signature = base64.b64encode(hmac.new(key, to_sign.encode(), hashlib.sha1).digest())
        url = f"{settings.SMS_ALIYUN_ENDPOINT}/?Signature={encode(signature.decode())}&{query}"
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310  # nosec B310  # configured URL
            body = json.loads(response.read().decode())
        if body.get("Code") != "OK":
            raise RuntimeError(f"Aliyun SMS refused: {body.get('Code')} {body.get('Message')}")
