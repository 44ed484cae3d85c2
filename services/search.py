"""Catalogue search in Chinese and English.

Chinese has no spaces, and PostgreSQL's text search cannot split it: the `simple` configuration
keeps a run of Chinese characters as one token, and trigrams find nothing in two-character
words. So we segment in Python with jieba, store the words as a `simple` tsvector (title words
weigh most), and segment the query the same way. English words match by prefix, so "loan"
finds "loans". Single Chinese characters are indexed too, so a one-character query ("税")
still finds "税收减免". On SQLite (`make run` with nothing installed) search falls back to
matching each query word inside the stored words, ranked by where it is found.

Search forgives what people type. Traditional characters (創業) become simplified ones before
anything else (zhconv), in the texts and in the query. Each Chinese word is also indexed by its
pinyin without tones, marked ``zzpy`` (培训: ``zzpypeixun``), a title's runs of words by
theirs too, and a title by the initials of its characters from each one on, marked ``zzpi``
(创业培训: ``zzpicypx``, ``zzpiypx``; two letters are too few). So
``peixun`` or ``peix`` typed on a phone in pinyin mode finds 培训, ``cypx`` (three letters or
more) finds 创业培训, and a homophone typo in characters (陪训, 补帖) finds 培训 and 补贴 by its
pinyin. Exact words rank first, then pinyin, then initials.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from functools import cache
from typing import NamedTuple

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, F, FloatField, Q, QuerySet, Value, When
from django.db.models.functions import Cast, Length
from pypinyin import Style, lazy_pinyin

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CJK_RUN = re.compile(_CJK.pattern + "+")
_WORD = re.compile(r"\w+")
CHINESE_STOP_WORDS = "的 了 和 与 及 或 在 是 你 我 他 她 它 们 为 对 把 被 有 这 那 之 其 等"
ENGLISH_STOP_WORDS = "a an and are as at be by for from in is it of on or the to with"
STOP_WORDS = frozenset(CHINESE_STOP_WORDS.split() + ENGLISH_STOP_WORDS.split())
MAX_QUERY_WORDS = 12
MAX_QUERY_CHARACTERS = 200  # what a search box takes; the rest of a pasted text is not read
# Marks a Chinese word's pinyin, and the initials of a title's characters, among the indexed
# words: no English word or pinyin starts with "zz".
PINYIN = "zzpy"
INITIALS = "zzpi"
MIN_INITIALS = 3  # "px" would find half the catalogue
_LATIN = re.compile(r"[a-z]+")
# How much a match counts beside an exact one, in the rank.
PINYIN_WEIGHT, INITIALS_WEIGHT = 0.4, 0.1
TITLE_WEIGHT = 0.5  # the query whole in a short title, on top
FUZZY_WEIGHT = 0.05
MIN_FUZZY = 5  # shorter words have too many neighbours one letter away
FUZZY_CUTOFF = 0.85  # difflib's ratio: subsidey~subsidy 0.93, trainnig~training 0.88,
# house~horse 0.8 (not taken)
MAX_LOOKED_UP = 3  # words of a query looked up as misspellings, or for "did you mean"


@cache
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def warm_up() -> None:
    """Load the dictionaries now (settings.WARM_UP: when the web server starts): jieba's, the
    readings of pypinyin and zhconv's tables, each some megabytes that every worker would
    otherwise load at its first search, whenever that comes."""
    _jieba()
    pinyin("创业培训")
    initials("创业培训")
    normalized("創業培訓")


@cache
def _zhconv():
    import zhconv

    return zhconv


def normalized(text: str) -> str:
    """As typed on any keyboard: full-width letters and digits as ASCII, lower case, and
    traditional characters as simplified ones (創業貸款 → 创业贷款)."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    return _zhconv().convert(text, "zh-cn") if _CJK.search(text) else text


def pinyin(word: str) -> str:
    """A Chinese word's pinyin without tones, the syllables run together (培训: peixun)."""
    return "".join(lazy_pinyin(word, errors="ignore"))


def initials(text: str) -> list[str]:
    """The initials of each run of Chinese characters, from each character on, as long as
    MIN_INITIALS (创业培训: cypx, ypx, px is too short)."""
    found = []
    for run in _CJK_RUN.findall(text):
        letters = "".join(lazy_pinyin(run, style=Style.FIRST_LETTER, errors="ignore"))
        found += [letters[i:] for i in range(len(letters) - MIN_INITIALS + 1)]
    return found


def words(text: str) -> list[str]:
    """The words of a text: jieba's search-mode segmentation, lower-cased, without stop words."""
    text = normalized(text)
    found = []
    for token in _jieba().lcut_for_search(text):
        token = token.strip()
        if token and _WORD.fullmatch(token) and token not in STOP_WORDS:
            found.append(token)
    return found


def index_words(text: str, *, title: bool = False) -> list[str]:
    """Words to index: the words, each Chinese character alone (for one-character queries),
    the pinyin of each Chinese word of two characters or more, and for a title the initials."""
    tokens = words(text)
    characters = [char for char in normalized(text) if _CJK.match(char)]
    sounds = [PINYIN + pinyin(token) for token in tokens if len(token) > 1 and _CJK.search(token)]
    letters = []
    if title:
        # A title's words run together from each word on (创业培训: chuangyepeixun, peixun).
        for run in _CJK_RUN.findall(normalized(text)):
            parts = _jieba().lcut(run)
            sounds += [PINYIN + pinyin("".join(parts[i:])) for i in range(len(parts) - 1)]
        letters = [INITIALS + each for each in initials(normalized(text))]
    return tokens + [char for char in characters if char not in STOP_WORDS] + sounds + letters


def query_words(query: str) -> list[str]:
    """The words of a query, each once: a single Latin letter (the "s" of "children's") is
    not one."""
    seen = []
    for word in words((query or "")[:MAX_QUERY_CHARACTERS]):
        if _LATIN.fullmatch(word) and len(word) == 1:
            continue
        if word not in seen:
            seen.append(word)
    return seen[:MAX_QUERY_WORDS]


def _quoted(word: str) -> str:
    return "'" + word.replace("'", "''").replace("\\", "\\\\") + "'"


def alternatives(term: str, known: Vocabulary | None = None) -> dict[str, list[str]]:
    """What a query word may match, by kind: ``exact``, ``pinyin`` (a Chinese word's sound, or
    Latin letters typed as pinyin), ``initials`` (three letters or more) and ``fuzzy`` (an
    English word of five letters or more that is not in the catalogue: the known words one or
    two letters away, ``known`` being `vocabulary`): the stored words each kind looks for (a
    trailing ``*``: by prefix)."""
    # Latin letters match by prefix, unless they could be the start of a mark ("z", "zz…").
    whole = _CJK.search(term) or "zz".startswith(term[:2])
    found = {"exact": [term + ("" if whole else "*")], "pinyin": [], "initials": [], "fuzzy": []}
    if _CJK.search(term):
        if len(term) > 1:
            found["pinyin"].append(PINYIN + pinyin(term))
    elif _LATIN.fullmatch(term) and not whole:
        found["pinyin"].append(PINYIN + term + "*")
        if len(term) >= MIN_INITIALS:
            found["initials"].append(INITIALS + term + "*")
        if known and len(term) >= MIN_FUZZY:
            found["fuzzy"] = misspelt(term, known)
    return found


def may_be_misspelt(query: str) -> bool:
    """Whether the query has an English word long enough to be looked up as a misspelling."""
    return any(
        _LATIN.fullmatch(term) and len(term) >= MIN_FUZZY and not term.startswith("zz")
        for term in query_words(query)
    )


def misspelt(term: str, known: Vocabulary) -> list[str]:
    """The English words of the catalogue that this one is a misspelling of (a letter or two
    wrong, swapped, missing or extra); none when the catalogue has it, or a word it begins."""
    import difflib

    if any(word.startswith(term) for word in known.english):
        return []
    return difflib.get_close_matches(term, _near(term, known.english), n=3, cutoff=FUZZY_CUTOFF)


def _tsquery(words: list[str]) -> str:
    return " | ".join(_quoted(w[:-1]) + ":*" if w.endswith("*") else _quoted(w) for w in words)


def weighted_vector(parts: dict[str, str]) -> SearchVector | None:
    """A tsvector expression from texts by weight ("A" most, "D" least), already segmented."""
    vector = None
    for weight, text in parts.items():
        piece = SearchVector(Value(text), config="simple", weight=weight)
        vector = piece if vector is None else vector + piece
    return vector


def programme_texts(programme, department, parks, kind_labels: list[str]) -> dict[str, list[str]]:
    """What a programme is found by, by weight: its titles, its summaries and kind, its
    description and benefit, its department and parks."""
    return {
        "A": [programme.title_zh, programme.title_en],
        "B": [programme.summary_zh, programme.summary_en, *kind_labels],
        "C": [
            programme.description_zh,
            programme.description_en,
            programme.benefit_text_zh,
            programme.benefit_text_en,
        ],
        "D": [
            department.name_zh,
            department.name_en,
            *(park.name_zh for park in parks),
            *(park.name_en for park in parks),
        ],
    }


def document_parts(texts_by_weight: dict[str, list[str]]) -> dict[str, str]:
    """Segment the texts of each weight into a space-separated string of words (the first
    weight holds the titles: their initials too)."""
    first = next(iter(texts_by_weight), None)
    return {
        weight: " ".join(
            word for text in texts for word in index_words(text, title=weight == first)
        )
        for weight, texts in texts_by_weight.items()
    }


def apply_search(
    queryset: QuerySet, query: str, known: Vocabulary | None = None
) -> tuple[QuerySet, bool]:
    """Programmes matching every word of the query (exactly, by pinyin or by initials),
    annotated with `rank` when ranked: exact matches first, then pinyin, then initials.

    Returns the queryset and whether it carries a relevance rank.
    """
    terms = query_words(query)
    if not terms:
        # Nothing to search by in what was typed (a letter, an emoji, a stop word): nothing
        # found, rather than everything.
        return (queryset.none() if (query or "").strip() else queryset), False
    # Misspellings are looked up for the first MAX_LOOKED_UP long English words only.
    latin = [t for t in terms if _LATIN.fullmatch(t) and len(t) >= MIN_FUZZY][:MAX_LOOKED_UP]
    ways = [alternatives(term, known if term in latin else None) for term in terms]
    if connection.vendor == "postgresql":
        every = " & ".join(
            "(" + _tsquery([w for kind in way.values() for w in kind]) + ")" for way in ways
        )
        search = SearchQuery(every, search_type="raw", config="simple")
        rank = None
        for kind, weight in (
            ("exact", 1.0),
            ("pinyin", PINYIN_WEIGHT),
            ("initials", INITIALS_WEIGHT),
        ):
            found = [w for way in ways for w in way[kind]]
            if found:
                part = SearchRank(
                    F("search_vector"),
                    SearchQuery(_tsquery(found), search_type="raw", config="simple"),
                ) * Value(weight)
                rank = part if rank is None else rank + part
        ranked = queryset.filter(search_vector=search).annotate(rank=rank + _title_bonus(query))
        return ranked, True
    # SQLite: each query word inside the stored words; ranked as near as plain matching can,
    # the title over the summary over the rest, exact words over pinyin over initials.
    condition, rank = Q(), Value(0.0)
    for way in ways:
        either = Q()
        for kind, words in way.items():
            for word in (w.rstrip("*") for w in words):
                either |= Q(search_document__icontains=word)
                if kind == "exact":
                    rank = rank + _places(word)
                else:
                    weight = {"pinyin": PINYIN_WEIGHT, "initials": INITIALS_WEIGHT}.get(
                        kind, FUZZY_WEIGHT
                    )
                    rank = rank + Case(
                        When(search_document__icontains=word, then=Value(weight)),
                        default=Value(0.0),
                    )
        condition &= either
    return queryset.filter(condition).annotate(rank=rank + _title_bonus(query)), True


def _title_bonus(query: str):
    """The query's words as typed, whole in a title: the more of the title they are, the better
    (创业担保贷款 before 创业担保贷款贴息, "guarantee loan" before "… guarantee loans"). Built
    from the query's words only (nothing else of what was typed reaches the database)."""
    terms = query_words(query)
    chinese = [term for term in terms if _CJK.search(term)]
    if chinese:
        phrase, field = "".join(chinese), "title_zh"
    else:
        phrase, field = " ".join(terms), "title_en"
    if not phrase:
        return Value(0.0)
    share = Value(float(len(phrase))) / Cast(Length(field), FloatField())
    return Case(
        When(**{f"{field}__icontains": phrase}, then=share * Value(TITLE_WEIGHT)),
        default=Value(0.0),
    )


def _places(word: str):
    """Where an exact word is, for SQLite's rank: the title 1, the summary 0.4, elsewhere 0.1
    (as PostgreSQL weighs A, B and the rest)."""
    return Case(
        When(Q(title_zh__icontains=word) | Q(title_en__icontains=word), then=Value(1.0)),
        When(Q(summary_zh__icontains=word) | Q(summary_en__icontains=word), then=Value(0.4)),
        When(search_document__icontains=word, then=Value(0.1)),
        default=Value(0.0),
    )


class Vocabulary(NamedTuple):
    """The catalogue's own words: English ones (four letters or more), and Chinese ones by
    their pinyin (pinyin: the word). What misspellings and "did you mean" choose from."""

    english: frozenset[str]
    sounds: dict[str, str]


def vocabulary(documents) -> Vocabulary:
    """The vocabulary of the stored words of the programmes (each distinct word read once)."""
    seen: set[str] = set()
    english: set[str] = set()
    sounds: dict[str, str] = {}
    for document in documents:
        for word in document.split():
            if word in seen or word.startswith("zz"):
                continue
            seen.add(word)
            if _CJK.search(word):
                if len(word) > 1:
                    sounds.setdefault(pinyin(word), word)
            elif _LATIN.fullmatch(word) and len(word) >= 4:
                english.add(word)
    return Vocabulary(frozenset(english), sounds)


def did_you_mean(query: str, known: Vocabulary) -> str:
    """The query with each word that is not a known one replaced by the closest known word,
    by spelling for English and by sound for Chinese or pinyin ("" when there is none); the
    first MAX_LOOKED_UP unknown words only."""
    import difflib

    chinese = set(known.sounds.values())
    changed, suggestion, looked_up = False, [], 0
    for term in query_words(query):
        if term in chinese or term in known.english or looked_up >= MAX_LOOKED_UP:
            suggestion.append(term)
            continue
        looked_up += 1
        if _CJK.search(term):
            close = difflib.get_close_matches(pinyin(term), known.sounds, n=1, cutoff=0.75)
            better = known.sounds[close[0]] if close else ""
        else:
            close = difflib.get_close_matches(
                term, [*_near(term, known.english), *known.sounds], n=1, cutoff=0.75
            )
            better = known.sounds.get(close[0], close[0]) if close else ""
        if better and better != term:
            suggestion.append(better)
            changed = True
        else:
            suggestion.append(term)
    return " ".join(dict.fromkeys(suggestion)) if changed else ""


def _near(term: str, english) -> list[str]:
    """The English words near enough in length to be a misspelling of this one."""
    return [word for word in english if abs(len(word) - len(term)) <= 2]
