import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from applications.uploads import check_name, check_upload
from tests.applications.conftest import JPEG, PDF, PNG


@pytest.mark.parametrize(
    ("content", "content_type"),
    [(PDF, "application/pdf"), (PNG, "image/png"), (JPEG, "image/jpeg")],
)
def test_the_type_comes_from_the_content_not_the_name(content, content_type):
    checked = check_upload(SimpleUploadedFile("whatever.txt", content))
    assert checked.content_type == content_type
    assert len(checked.sha256) == 64


@pytest.mark.parametrize(
    "name", ["../secret.pdf", "a/b.pdf", "c:\\windows\\x.pdf", ".htaccess", "bell\x07.pdf"]
)
def test_names_with_paths_or_control_characters_are_refused(name):
    with pytest.raises(ValidationError):
        check_name(name)


def test_very_long_names_are_shortened_keeping_the_extension():
    name = check_name("身" * 300 + ".pdf")
    assert len(name) == 120 and name.endswith(".pdf")


def test_an_executable_renamed_to_pdf_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        check_upload(SimpleUploadedFile("invoice.pdf", b"\x7fELF\x02\x01\x01" + b"\x00" * 64))
    assert excinfo.value.code == "wrong_type"
