"""Proza notatnika: liczenie słów i rozpoznanie, czy jest po polsku."""

from __future__ import annotations

import re
from dataclasses import dataclass

_FENCED = re.compile(r"```.*?```", re.DOTALL)
_INLINE_CODE = re.compile(r"`[^`]*`")
_LINK_TARGET = re.compile(r"\]\([^)]*\)|https?://\S+")
_MATH = re.compile(r"\$\$.*?\$\$|\$[^$]*\$", re.DOTALL)
_WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*", re.UNICODE)

POLISH_MARKERS = frozenset(
    """
    się jest nie że to na w z do jak oraz czy dla ale tak już tylko po przez który która
    które gdy jeśli bo od co jego ich tym tej ten są być może można każdy także więc gdzie
    dlaczego tutaj tu zawsze nigdy bez przy pod nad jeden dwa trzy ile teraz właśnie
    """.split()
)
ENGLISH_MARKERS = frozenset(
    """
    the is are and of to in that this with for it as be on not by which when we you
    there what how why where can will would should its from an into
    """.split()
)


@dataclass(frozen=True)
class ProseStats:
    words: int
    polish_markers: int
    english_markers: int
    diacritics: int

    @property
    def looks_polish(self) -> bool:
        """Polski tekst: dużo polskich słów funkcyjnych, mało angielskich, są polskie znaki."""
        return (
            self.words > 0
            and self.polish_markers >= 3 * max(self.english_markers, 1)
            and self.diacritics >= self.words // 50
        )


def strip_markup(markdown: str) -> str:
    text = _FENCED.sub(" ", markdown)
    text = _MATH.sub(" ", text)
    text = _INLINE_CODE.sub(" ", text)
    return _LINK_TARGET.sub(" ", text)


def prose_stats(markdown: str) -> ProseStats:
    words = [w.lower() for w in _WORD.findall(strip_markup(markdown))]
    return ProseStats(
        words=len(words),
        polish_markers=sum(w in POLISH_MARKERS for w in words),
        english_markers=sum(w in ENGLISH_MARKERS for w in words),
        diacritics=sum(ch in "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ" for ch in markdown),
    )
