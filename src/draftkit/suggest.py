"""Which library snippets answer a debate question: BM25F ranking over stemmed words.

A question's text and topics are matched against each snippet's title, topics and
body; words shared by every snippet count for little (inverse document frequency),
topics count for more than body text, and withdrawn snippets are never offered.
Pure: the TUI and `draftkit snippets suggest` call the same `suggest()`.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from .models import Question
from .snippets import Snippet

#: How much a word counts in each part of a snippet (BM25F field weights).
FIELD_WEIGHTS = {"title": 2.0, "topics": 3.0, "body": 1.0}
#: How much a word of the question's topics counts against a word of its text.
QUESTION_TOPIC_WEIGHT = 2.0
#: BM25 saturation and length normalisation (the usual values).
K1 = 1.2
B = 0.75

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")

#: English function words and parliamentary filler that say nothing about a topic.
STOP_WORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each
    few for from further had has have having he her here hers herself him himself his how
    i if in into is it its itself just me more most my myself no nor not now of off on once
    only or other our ours ourselves out over own same she should so some such than that
    the their theirs them themselves then there these they this those through to too under
    until up very was we were what when where which while who whom why will with would you
    your yours yourself yourselves may might must shall upon whether within without across
    per via yet already still ever however many much one ones us
    government noble lord lords baroness minister house asked ask asks question questions
    debate said say says
    """.split()  # noqa: SIM905 (a word list reads better as text)
)


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    """The Porter2 stemmer, imported on first use: the package loads all 30-odd languages."""
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=4096)
def _stem(word: str) -> str:
    return str(_stemmer().stemWord(word))


def terms(text: str) -> list[str]:
    """Lower-cased, stemmed content words of `text` ("Offenders' groups" → offend, group)."""
    words = (w.removesuffix("'s") for w in _WORD.findall(text.lower().replace("\u2019", "'")))
    return [_stem(w) for w in words if len(w) > 1 and w not in STOP_WORDS]


def _snippet_terms(snippet: Snippet) -> dict[str, float]:
    """Field-weighted term frequencies of a snippet (BM25F's pseudo-document)."""
    weighted: defaultdict[str, float] = defaultdict(float)
    fields = {
        "title": snippet.meta.title,
        "topics": " ".join(snippet.meta.topics),
        "body": snippet.body,
    }
    for name, text in fields.items():
        for term in terms(text):
            weighted[term] += FIELD_WEIGHTS[name]
    return weighted


def _query_terms(question: Question) -> dict[str, float]:
    query: defaultdict[str, float] = defaultdict(float, Counter(terms(question.text)))
    for term in terms(" ".join(question.topics)):
        query[term] += QUESTION_TOPIC_WEIGHT
    return query


def _idf(documents: Iterable[Mapping[str, float]]) -> tuple[dict[str, float], int]:
    docs = list(documents)
    df: Counter[str] = Counter(t for d in docs for t in d)
    n = len(docs)
    return {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}, n


def suggest(
    library: Mapping[str, Snippet], question: Question, limit: int = 10
) -> list[tuple[Snippet, float]]:
    """The snippets most relevant to `question`, best first, with their scores (> 0).

    Withdrawn snippets are left out; drafts are offered (the caller shows their status).
    Ties are broken by snippet id so the order is stable.
    """
    candidates = [s for s in library.values() if s.meta.status != "withdrawn"]
    if not candidates or limit <= 0:
        return []
    docs = {s.id: _snippet_terms(s) for s in candidates}
    idf, _ = _idf(docs.values())
    lengths = {sid: sum(d.values()) for sid, d in docs.items()}
    avg = sum(lengths.values()) / len(lengths) or 1.0
    query = _query_terms(question)
    scored: list[tuple[Snippet, float]] = []
    for snippet in candidates:
        doc, norm = docs[snippet.id], 1 - B + B * lengths[snippet.id] / avg
        score = sum(
            weight * idf[t] * doc[t] * (K1 + 1) / (doc[t] + K1 * norm)
            for t, weight in query.items()
            if t in doc
        )
        if score > 0:
            scored.append((snippet, round(score, 4)))
    scored.sort(key=lambda pair: (-pair[1], pair[0].id))
    return scored[:limit]
