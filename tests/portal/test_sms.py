"""Text-message backends; the real provider is exercised against a server on loopback."""

import base64
import hashlib
import hmac
import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from portal import sms


def test_the_file_backend_writes_one_line_per_message(settings, tmp_path):
    settings.SMS_BACKEND = "portal.sms.FileBackend"
    settings.SMS_FILE_PATH = tmp_path
    sms.get_backend().send(phone="13800000001", text="您好")
    sms.get_backend().send(phone="13800000002", text="再见")
    lines = [json.loads(line) for line in (tmp_path / "sms.jsonl").read_text().splitlines()]
    assert [(line["phone"], line["text"]) for line in lines] == [
        ("13800000001", "您好"),
        ("13800000002", "再见"),
    ]


class FakeAliyun(BaseHTTPRequestHandler):
    requests: list = []
    answer = {"Code": "OK", "Message": "OK"}

    def do_GET(self):
        FakeAliyun.requests.append(self.path)
        body = json.dumps(self.answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def aliyun(settings):
    server = HTTPServer(("127.0.0.1", 0), FakeAliyun)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.SMS_ALIYUN_ENDPOINT = f"http://127.0.0.1:{server.server_port}"
    settings.SMS_ALIYUN_ACCESS_KEY_ID = "test-key"
    settings.SMS_ALIYUN_ACCESS_KEY_SECRET = "test-secret"
    settings.SMS_ALIYUN_SIGN_NAME = "返乡服务"
    settings.SMS_ALIYUN_TEMPLATE_CODE = "SMS_0001"
    FakeAliyun.requests = []
    FakeAliyun.answer = {"Code": "OK", "Message": "OK"}
    yield FakeAliyun
    server.shutdown()


def test_aliyun_requests_are_signed_as_the_provider_checks_them(aliyun):
    sms.AliyunBackend().send(phone="13800000001", text="【返乡】您的申请已批准")
    path = aliyun.requests[0]
    params = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(path).query))
    signature = params.pop("Signature")

    def encode(value):
        return urllib.parse.quote(value, safe="~")

    query = "&".join(f"{encode(key)}={encode(params[key])}" for key in sorted(params))
    expected = base64.b64encode(
        hmac.new(b"test-secret&", f"GET&%2F&{encode(query)}".encode(), hashlib.sha1).digest()
    ).decode()
    assert signature == expected
    assert params["PhoneNumbers"] == "13800000001"
    assert json.loads(params["TemplateParam"]) == {"content": "【返乡】您的申请已批准"}


def test_a_refusal_from_the_provider_is_an_error_to_retry(aliyun):
    aliyun.answer = {"Code": "isv.BUSINESS_LIMIT_CONTROL", "Message": "too many"}
    with pytest.raises(RuntimeError, match="BUSINESS_LIMIT_CONTROL"):
        sms.AliyunBackend().send(phone="13800000001", text="x")
