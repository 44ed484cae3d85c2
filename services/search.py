"""Catalogue search in Chinese and English.

Chinese has no spaces, and PostgreSQL's text search cannot split it: the `simple` configuration
keeps a run of Chinese characters as one token, and trigrams find nothing in two-character
words. So we segment in Python with jieba, store the words as a `simple` tsvector (title words
weigh most), and segment the query the same way. English words match by prefix, so "loan"
finds "loans". Single Chinese characters are indexed too, so a one-character query ("税")
still finds "税收减免". On SQLite (`make run` with nothing installed) search falls back to
matching each query word inside the stored words.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from functools import cache

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Q, QuerySet, Value

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"\w+")
CHINESE_STOP_WORDS = "的 了 和 与 及 或 在 是 你 我 他 她 它 们 为 对 把 被 有 这 那 之 其 等"
ENGLISH_STOP_WORDS = "a an and are as at be by for from in is it of on or the to with"
STOP_WORDS = frozenset(CHINESE_STOP_WORDS.split() + ENGLISH_STOP_WORDS.split())
MAX_QUERY_WORDS = 12


@cache
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def warm_up() -> None:
    """Load the dictionary now (settings.WARM_UP: when the web server starts)."""
    _jieba()


def words(text: str) -> list[str]:
    """The words of a text: jieba's search-mode segmentation, lower-cased, without stop words."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    found = []
    for token in _jieba().lcut_for_search(text):
        token = token.strip()
        if token and _WORD.fullmatch(token) and token not in STOP_WORDS:
            found.append(token)
    return found


def index_words(text: str) -> list[str]:
    """Words to index: the words, plus each Chinese character alone (for one-character queries)."""
    tokens = words(text)
    characters = [char for char in unicodedata.normalize("NFKC", text or "") if _CJK.match(char)]
    return tokens + [char for char in characters if char not in STOP_WORDS]


def query_words(query: str) -> list[str]:
    seen = []
    for word in words(query):
        if word not in seen:
            seen.append(word)
    return seen[:MAX_QUERY_WORDS]


def _tsquery_term(word: str) -> str:
    quoted = "'" + word.replace("'", "''").replace("\\", "\\\\") + "'"
    # English and numbers match by prefix ("loan" finds "loans"); Chinese words match whole.
    return quoted if _CJK.search(word) else quoted + ":*"


def weighted_vector(parts: dict[str, str]) -> SearchVector | None:
    """A tsvector expression from texts by weight ("A" most, "D" least), already segmented."""
    vector = None
    for weight, text in parts.items():
        piece = SearchVector(Value(text), config="simple", weight=weight)
        vector = piece if vector is None else vector + piece
    return vector


def document_parts(texts_by_weight: dict[str, list[str]]) -> dict[str, str]:
    """Segment the texts of each weight into a space-separated string of words."""
    return {
        weight: " ".join(word for text in texts for word in index_words(text))
        for weight, texts in texts_by_weight.items()
    }


def apply_search(queryset: QuerySet, query: str) -> tuple[QuerySet, bool]:
    """Programmes matching every word of the query, annotated with `rank` when ranked.

    Returns the queryset and whether it carries a relevance rank.
    """
    terms = query_words(query)
    if not terms:
        return queryset, False
    if connection.vendor == "postgresql":
        search = SearchQuery(
            " & ".join(_tsquery_term(term) for term in terms), search_type="raw", config="simple"
        )
        ranked = queryset.filter(search_vector=search).annotate(
            rank=SearchRank(F("search_vector"), search)
        )
        return ranked, True
    condition = Q()
    for term in terms:
        condition &= Q(search_document__icontains=term)
    return queryset.filter(condition), False
