"""The relevance set: on the demo's catalogue, what a returnee types and the programme that
must come first (PostgreSQL's ranking: exact words over pinyin over initials, the title over
the summary over the rest)."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from services.selectors import CatalogueFilters, programmes_catalogue

pytestmark = pytest.mark.django_db

FIRST = [
    ("创业担保贷款", "startup-guarantee-loan"),
    ("贷款贴息", "loan-interest-subsidy"),
    ("daikuan tiexi", "loan-interest-subsidy"),
    ("SYB", "syb-training"),
    ("syb培训", "syb-training"),
    ("网络创业", "online-startup-training"),
    ("wangluo", "online-startup-training"),
    ("女性创业", "female-entrepreneurs-association"),
    ("妇女", "female-entrepreneurs-association"),
    ("留守儿童", "left-behind-children-support"),
    ("liushou", "left-behind-children-support"),
    ("托育", "daycare-centre"),
    ("营业执照", "registration-guidance"),
    ("税收减免", "startup-tax-relief"),
    ("稅收減免", "startup-tax-relief"),  # traditional
    ("海外人才", "overseas-talent-incentive"),
    ("guarantee loan", "startup-guarantee-loan"),
    ("tax relief", "startup-tax-relief"),
    ("daycare", "daycare-centre"),
]


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())


def test_what_a_returnee_types_brings_the_right_programme_first(demo):
    wrong = {}
    for query, first in FIRST:
        found = programmes_catalogue(
            filters=CatalogueFilters(q=query), today=timezone.localdate()
        ).programmes
        slugs = [programme.slug for programme in found]
        if not slugs or slugs[0] != first:
            wrong[query] = slugs[:3]
    assert wrong == {}
