"""The API against its own OpenAPI document: generated requests, valid and invalid, as an
applicant and as an official. Never a server error; every answer matches the document."""

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from applications import actions
from portal.accounts.tokens import token_issue
from portal.wsgi import application
from tests.factories import ProgrammeFactory
from tests.fuzz.conftest import FUZZ, rolled_back

pytestmark = pytest.mark.django_db

# Few examples per operation and mode: 16 operations, two modes, two people.
FUZZ_API = settings(
    FUZZ,
    max_examples=6,
    suppress_health_check=[*FUZZ.suppress_health_check, HealthCheck.filter_too_much],
)


@pytest.fixture
def api_schema(db):
    # Called straight through WSGI, the portal would close the test's database connection
    # after each request (Django's test client prevents it the same way).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/schema/", application)
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def known_ids(applicant, five_programmes, case_referral):
    """Real ids in the paths, so requests reach past the 404 of an unknown id."""
    # programmes the submitted application does not hold (one at a time per programme)
    draft = actions.application_start(
        applicant=applicant, programmes=[ProgrammeFactory(), ProgrammeFactory()]
    )
    return {"application_id": draft.pk, "referral_id": case_referral.pk, "slug": "syb-training"}


def fuzz_api(api_schema, user, known_ids):
    token = token_issue(user=user)[1]
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 16
    failures = []
    for operation in operations:
        names = {parameter.name for parameter in operation.path_parameters}
        ids = {name: value for name, value in known_ids.items() if name in names}
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            strategy = operation.as_strategy(mode, path_parameters=ids or None)

            @FUZZ_API
            @given(case=strategy)
            def run(case):
                cache.clear()  # the token endpoint's throttle counts in the cache
                with rolled_back():  # a revoked token or a sent draft is back for the next
                    case.call_and_validate(
                        headers={"Authorization": f"Token {token}"},
                        checks=[not_a_server_error, response_schema_conformance],
                    )

            try:
                run()
            except Unsatisfiable:
                # Nothing in this operation can be made invalid (no parameters, no body).
                assert mode == GenerationMode.NEGATIVE, operation.label
            except Exception as error:  # every operation is tried; all failures are reported
                failures.append(f"{operation.label} ({mode}): {error}")
    assert not failures, "\n\n".join(failures)


def test_api_as_applicant(api_schema, applicant, known_ids):
    fuzz_api(api_schema, applicant, known_ids)


def test_api_as_official(api_schema, official, known_ids):
    fuzz_api(api_schema, official, known_ids)
