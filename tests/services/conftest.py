import datetime

import pytest
from django.contrib.postgres.search import SearchVector
from django.db.models import Value
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


@pytest.fixture
def bulk_programmes(hrss, dianjiang_park):
    """Many published programmes at once (bulk inserts), indexed under the word 补贴."""

    def make(count, documents=()):
        today = timezone.localdate()
        programmes = Programme.objects.bulk_create(
            Programme(
                slug=f"bulk-{number}",
                department=hrss,
                kind=Programme.Kind.SUBSIDY,
                title_zh=f"补贴{number}",
                title_en=f"Subsidy {number}",
                summary_zh="摘要",
                summary_en="Summary",
                status=Programme.Status.PUBLISHED,
                published_at=timezone.now(),
                closes_on=today + datetime.timedelta(days=number % 90),
            )
            for number in range(count)
        )
        # What programme_reindex would store, at once for all of them.
        Programme.objects.filter(slug__startswith="bulk-").update(
            search_document="补贴 subsidy",
            search_vector=SearchVector(Value("补贴 subsidy"), config="simple"),
        )
        Programme.parks.through.objects.bulk_create(
            Programme.parks.through(park_id=dianjiang_park.pk, programme_id=programme.pk)
            for programme in programmes
        )
        Programme.documents.through.objects.bulk_create(
            Programme.documents.through(documenttype_id=document.pk, programme_id=programme.pk)
            for programme in programmes
            for document in documents
        )
        return programmes

    return make
