"""The OpenAPI document is a contract with the clients built on it (a mini-program, a counter
terminal, directories reading the HSDS feed). It is compared with the snapshot committed in
`tests/portal/openapi.json`, so no path, operation id or component changes by accident, and it
must pass an independent validator.

A change made on purpose updates the snapshot with `make openapi`.
"""

import difflib
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from openapi_spec_validator import OpenAPIV30SpecValidator

SNAPSHOT = Path(__file__).with_name("openapi.json")
UPDATE = "run `make openapi` and commit tests/portal/openapi.json"


@pytest.fixture(scope="module")
def document() -> dict:
    out = io.StringIO()
    call_command("spectacular", "--format", "openapi-json", "--lang", "en", stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture(scope="module")
def snapshot() -> dict:
    return json.loads(SNAPSHOT.read_text(encoding="utf-8"))


def operations(document: dict) -> dict[str, str]:
    return {
        f"{method.upper()} {path}": operation["operationId"]
        for path, methods in document["paths"].items()
        for method, operation in methods.items()
    }


def test_paths_and_operation_ids_are_those_of_the_snapshot(document, snapshot):
    assert operations(document) == operations(snapshot), f"On purpose? {UPDATE}"


def test_component_names_are_those_of_the_snapshot(document, snapshot):
    assert sorted(document["components"]["schemas"]) == sorted(snapshot["components"]["schemas"]), (
        f"On purpose? {UPDATE}"
    )


def test_document_is_the_snapshot(document, snapshot):
    if document != snapshot:
        new = json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True).splitlines()
        old = json.dumps(snapshot, indent=2, ensure_ascii=False, sort_keys=True).splitlines()
        diff = "\n".join(
            list(difflib.unified_diff(old, new, "snapshot", "generated", lineterm=""))[:80]
        )
        pytest.fail(f"The OpenAPI document changed. On purpose? {UPDATE}\n{diff}")


def test_document_passes_an_independent_validator(document):
    errors = [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in OpenAPIV30SpecValidator(document).iter_errors()
    ]
    assert not errors, errors


def test_every_response_is_described(document):
    bare = [
        f"{method.upper()} {path} {code}"
        for path, methods in document["paths"].items()
        for method, operation in methods.items()
        for code, response in operation["responses"].items()
        if not response.get("description", "").strip()
    ]
    assert not bare, bare


def test_every_parameter_default_fits_its_own_schema(document):
    # The validator stops at the first of these; name them all.
    from jsonschema import Draft4Validator

    wrong = []
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            for parameter in operation.get("parameters", []):
                schema = parameter.get("schema", {})
                if "default" in schema and not Draft4Validator(schema).is_valid(schema["default"]):
                    wrong.append(f"{method.upper()} {path} {parameter['name']}")
    assert not wrong, wrong
