"""At the edge: no NUL byte in a query parameter or a header reaches a view, so nothing that
reads one (a filter, a search, an idempotency key) fails in PostgreSQL."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from applications.models import Application

pytestmark = pytest.mark.django_db


def test_a_queue_filter_with_a_nul_byte_is_read_without_it(client, official, five_programmes):
    client.force_login(official)
    response = client.get(reverse("applications:queue"), {"programme": "syb\x00-training"})
    assert response.status_code == 200
    assert response.context["filters"].programme == "syb-training"


def test_a_catalogue_search_with_a_nul_byte_is_no_server_error(client, five_programmes):
    response = client.get("/api/v1/programmes/", {"q": "创业\x00培训", "o\x00pen": "true"})
    assert response.status_code == 200


def test_an_idempotency_key_with_a_nul_byte_is_kept_without_it(draft, applicant):
    api = APIClient()
    api.force_authenticate(applicant)
    response = api.post(
        f"/api/v1/applications/{draft.pk}/submit/", HTTP_IDEMPOTENCY_KEY="key\x00one"
    )
    assert response.status_code == 200, response.json()
    assert Application.objects.get(pk=draft.pk).idempotency_key == "keyone"


def test_a_submit_token_with_a_nul_byte_is_kept_without_it(client, draft, applicant):
    client.force_login(applicant)
    client.post(reverse("applications:step_review", args=[draft.pk]), {"submit_token": "t\x00k"})
    assert Application.objects.get(pk=draft.pk).idempotency_key == "tk"
