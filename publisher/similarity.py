"""How alike two task names are, for suggesting which task of one year continues which of another.

Method (written down so that a reader of a comparison page can check a score):
- text is NFC, lower case, split into syllables (Vietnamese writes one syllable per word);
- features are the syllables and the pairs of neighbouring syllables ("phổ biến", "môi trường"),
  since most Vietnamese words have two syllables;
- each feature is weighted by TF-IDF over a corpus (all task names of the site), so that words
  every plan uses ("thực hiện", "các") count less than rare ones ("tuần hoàn", "tràn dầu");
- the score is the cosine of the two weighted vectors: 0 (nothing in common) to 1 (same words).
Tone marks are kept: "ban" (board) and "bản" (copy) are different words.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable

from .text import nfc


def features(text: str) -> Counter[str]:
    syllables = re.findall(r"\w+", nfc(text).lower())
    return Counter(syllables) + Counter(f"{a} {b}" for a, b in zip(syllables, syllables[1:]))


class Similarity:
    def __init__(self, corpus: Iterable[str]):
        documents = [set(features(text)) for text in corpus]
        self.size = len(documents)
        frequency: Counter[str] = Counter()
        for document in documents:
            frequency.update(document)
        self.frequency = frequency
        # each text's vector and squared length, computed once: a comparison scores every pair of
        # tasks of two plans, so each text takes part in many scores
        self.vectors: dict[str, tuple[dict[str, float], float]] = {}

    def weight(self, feature: str) -> float:
        return math.log((1 + self.size) / (1 + self.frequency.get(feature, 0))) + 1

    def vector(self, text: str) -> tuple[dict[str, float], float]:
        """The text's weighted features, and the sum of their squares."""
        if text not in self.vectors:
            vector = {feature: count * self.weight(feature) for feature, count in features(text).items()}
            self.vectors[text] = vector, sum(v * v for v in vector.values())
        return self.vectors[text]

    def score(self, first: str, second: str) -> float:
        (a, a_squares), (b, b_squares) = self.vector(first), self.vector(second)
        norm = math.sqrt(a_squares * b_squares)
        if not norm:
            return 0.0
        return sum(weight * b.get(feature, 0.0) for feature, weight in a.items()) / norm
