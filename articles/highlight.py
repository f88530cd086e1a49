"""Marking a reader's words in search results: the headline and a snippet of the body.

Done in Python on escaped text, so it is identical on both databases and stored markup can never
get through. Words match by stem with the Snowball English stemmer, the one PostgreSQL's
``english`` configuration uses ("flooding" marks "floods").
"""

import functools
import threading

import snowballstemmer
from django.utils.html import escape
from django.utils.safestring import mark_safe

from articles.search import WORD, plain_text

SNIPPET_WORDS = 30

_stemmers = threading.local()


@functools.lru_cache(maxsize=20_000)
def _stem(word):
    if not hasattr(_stemmers, "english"):
        _stemmers.english = snowballstemmer.stemmer("english")
    return _stemmers.english.stemWord(word)


def _wanted(words):
    """Query words and their stems, and the two-letter starts a matching word must have
    (English suffix stripping keeps them), which spares stemming most of a text."""
    forms = {_stem(word) for word in words} | set(words)
    return forms, {form[:2] for form in forms}


def _is_wanted(token, wanted):
    forms, starts = wanted
    lowered = token.lower()
    return lowered[:2] in starts and (lowered in forms or _stem(lowered) in forms)


def highlight(text, words):
    """``text`` escaped, with each word that matches a query word (by stem) in ``<mark>``."""
    text = str(text or "")
    wanted = _wanted(words)
    parts, done = [], 0
    for token in WORD.finditer(text):
        if _is_wanted(token.group(), wanted):
            parts += [escape(text[done : token.start()]), f"<mark>{escape(token.group())}</mark>"]
            done = token.end()
    parts.append(escape(text[done:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text went through escape()


def snippet(text, words, size=SNIPPET_WORDS):
    """About ``size`` words of ``text`` around its first match, highlighted; None if no match."""
    text = str(text or "")
    tokens = list(WORD.finditer(text))
    wanted = _wanted(words)
    first = next((n for n, token in enumerate(tokens) if _is_wanted(token.group(), wanted)), None)
    if first is None:
        return None
    start = max(0, min(first - size // 4, len(tokens) - size))
    end = min(len(tokens), start + size)
    begin = 0 if start == 0 else tokens[start].start()
    finish = len(text) if end == len(tokens) else tokens[end - 1].end()
    marked = highlight(text[begin:finish], words)
    return mark_safe(  # noqa: S308 - highlight() escaped the text
        f"{'… ' if begin else ''}{marked}{' …' if finish < len(text) else ''}"
    )


def result_snippet(article, words):
    """A snippet of the body around the match; else the teaser, highlighted where it matches."""
    return snippet(plain_text(article.body), words) or highlight(article.teaser, words)
