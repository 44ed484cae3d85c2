import datetime

import pytest
from django.utils import timezone

from services.actions import programme_reindex
from services.models import DocumentType, Programme


@pytest.fixture
def make_programme(hrss, dianjiang_park):
    """A programme straight into the database (published unless told), indexed for search."""

    def make(slug, **fields):
        parks = fields.pop("parks", [dianjiang_park])
        documents = fields.pop("documents", [])
        values = {
            "department": hrss,
            "kind": Programme.Kind.TRAINING,
            "title_zh": f"{slug}项目",
            "title_en": f"{slug} programme",
            "summary_zh": "摘要",
            "summary_en": "Summary",
            "description_zh": "说明",
            "description_en": "Description",
            "status": Programme.Status.PUBLISHED,
            "published_at": timezone.now(),
            "opens_on": timezone.localdate() - datetime.timedelta(days=30),
            **fields,
        }
        programme = Programme.objects.create(slug=slug, **values)
        programme.parks.set(parks)
        programme.documents.set(documents)
        programme_reindex(programme=programme)
        return programme

    return make


@pytest.fixture
def id_card(db):
    return DocumentType.objects.create(
        code="id_card", name_zh="身份证", name_en="ID card", help_zh="居民身份证", help_en="Your ID"
    )
