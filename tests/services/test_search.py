"""Search words, and the simpler search of the SQLite that `make run` uses with nothing set."""

import os
import subprocess
import sys
from pathlib import Path

from services.search import index_words, query_words

ROOT = Path(__file__).resolve().parents[2]


def test_chinese_is_split_into_words():
    assert query_words("创业培训") == ["创业", "培训"]
    assert query_words("创业担保贷款") == ["创业", "担保", "贷款"]


def test_stop_words_and_punctuation_are_dropped():
    assert query_words("你的，创业！") == ["创业"]
    assert query_words("the loans for women") == ["loans", "women"]


def test_full_width_letters_are_folded():
    assert query_words("ＳＹＢ培训") == ["syb", "培训"]


def test_single_characters_are_indexed_for_one_character_queries():
    assert "税" in index_words("税收减免")


def test_long_queries_are_cut():
    assert len(query_words(" ".join(f"word{number}" for number in range(50)))) == 12


def test_search_works_on_sqlite_without_any_server(tmp_path):
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "FANXIANG_", "DATABASE_", "CELERY_"))
    }
    environment["FANXIANG_VAR_DIR"] = str(tmp_path)
    script = (
        "from django.core.management import call_command; import io;"
        "call_command('migrate', verbosity=0); call_command('seed_demo', stdout=io.StringIO());"
        "from django.utils import timezone;"
        "from services.selectors import CatalogueFilters, programmes_catalogue;"
        "found = lambda q: sorted(p.slug for p in programmes_catalogue("
        "filters=CatalogueFilters(q=q), today=timezone.localdate()).programmes);"
        "print(found('创业培训')); print(found('贷款')); print(found('loan'));"
        # Search that forgives, on SQLite too: pinyin, a homophone, traditional characters.
        "print(found('peixun')); print(found('陪训')); print(found('創業培訓'));"
        "print(found('daikuan'));"
        # Best first there too: where the words are in the title.
        "best = lambda q: [p.slug for p in programmes_catalogue("
        "filters=CatalogueFilters(q=q), today=timezone.localdate()).programmes][0];"
        "print(best('syb')); print(best('贴息')); print(best('tiexi'))"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", script],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()[-10:]
    start_ups, loans_zh, loans_en, pinyin, homophone, traditional, loans_pinyin = lines[:7]
    assert lines[7:] == ["syb-training", "loan-interest-subsidy", "loan-interest-subsidy"]
    for slug in ("syb-training", "iyb-training", "gyb-training", "online-startup-training"):
        assert slug in start_ups
    assert "startup-guarantee-loan" in loans_zh and "loan-interest-subsidy" in loans_zh
    assert "startup-guarantee-loan" in loans_en
    for forgiven in (pinyin, homophone, traditional):
        assert "syb-training" in forgiven and "startup-guarantee-loan" not in forgiven
    assert "startup-guarantee-loan" in loans_pinyin and "loan-interest-subsidy" in loans_pinyin
