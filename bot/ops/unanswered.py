"""What users asked that the bot could not answer, grouped by wording (`kzun-bot unanswered`).

The question log keeps declined and clarified questions (no user identity, limited retention).
Grouping near-identical wordings shows where the knowledge is missing something many people want;
`--format yaml` turns the groups into evaluation items to fill in once the knowledge is extended.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from bot.clock import zone
from bot.engine.normalize import fold, stem, tokens
from bot.lang import LANGS, Lang
from bot.storage.database import Row

# token_sort_ratio on stemmed content words: 75 joins "who is the UN secretary general" with
# "who is UN secretary-general now" but keeps "what is the capital" apart from "the weather".
_SIMILAR = 75
_VARIANTS_SHOWN = 3


@dataclass
class Group:
    """Questions worded alike, with what the bot made of them."""

    key: str
    texts: Counter[str] = field(default_factory=Counter)
    langs: Counter[str] = field(default_factory=Counter)
    statuses: Counter[str] = field(default_factory=Counter)
    candidates: Counter[str] = field(default_factory=Counter)
    best_score: float = 0.0
    last_asked: str = ""

    @property
    def count(self) -> int:
        return self.texts.total()

    @property
    def question(self) -> str:
        """The wording asked most often: the one to put in an evaluation item."""
        return self.texts.most_common(1)[0][0]

    @property
    def lang(self) -> Lang:
        return _as_lang(self.langs.most_common(1)[0][0])

    @property
    def variants(self) -> list[str]:
        return [text for text, _ in self.texts.most_common() if text != self.question]

    def add(self, row: Row) -> None:
        self.texts[_one_line(str(row["text"]))] += 1
        self.langs[str(row["lang"])] += 1
        self.statuses[str(row["status"])] += 1
        if row["candidate"]:
            self.candidates[str(row["candidate"])] += 1
            self.best_score = max(self.best_score, float(row["score"] or 0.0))
        self.last_asked = max(self.last_asked, str(row["asked_at"]))


def group_questions(rows: list[Row]) -> list[Group]:
    """Rows grouped by similar wording, the most asked group first.

    A wording joins the first group whose key (the group's first wording) is similar enough; a
    key seen before skips the fuzzy search.
    """
    groups: list[Group] = []
    keys: list[str] = []
    seen: dict[str, Group] = {}
    for row in rows:
        key = wording_key(str(row["text"]), str(row["lang"]))
        group = seen.get(key)
        if group is None:
            found = process.extractOne(
                key, keys, scorer=fuzz.token_sort_ratio, score_cutoff=_SIMILAR
            )
            if found is None:
                groups.append(Group(key))
                keys.append(key)
            group = seen[key] = groups[found[2]] if found else groups[-1]
        group.add(row)
    return sorted(groups, key=lambda g: (g.count, g.last_asked), reverse=True)


def wording_key(text: str, lang: str) -> str:
    """Stemmed content words, so word forms, case, punctuation and filler words do not count."""
    words = [stem(word, _as_lang(lang)) for word in tokens(text)]
    return " ".join(words) if words else fold(text)


def _as_lang(code: str) -> Lang:
    return next((lang for lang in LANGS if lang == code), "en")


def start_of(day: dt.date | None, timezone: str) -> dt.datetime | None:
    """Midnight of `day` where the operator is (the bot's time zone), or None for everything."""
    if day is None:
        return None
    return dt.datetime.combine(day, dt.time(), tzinfo=zone(timezone))


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _scope(total: int, shown: int, groups: int, since: dt.date | None) -> str:
    period = f" since {since.isoformat()}" if since else ""
    return (
        f"{total} unanswered question(s){period} in {groups} group(s) of similar wording; "
        f"the {shown} most asked"
    )


def _details(group: Group) -> str:
    statuses = ", ".join(f"{status} {n}" for status, n in group.statuses.most_common())
    details = f"{group.count}× ({statuses})"
    if group.candidates:
        nearest = group.candidates.most_common(1)[0][0]
        details += f"; nearest fact: {nearest} (best score {group.best_score:.2f})"
    return details


def _also(group: Group) -> str:
    shown = ", ".join(_quoted(text) for text in group.variants[:_VARIANTS_SHOWN])
    more = len(group.variants) - _VARIANTS_SHOWN
    return shown + (f" and {more} more" if more > 0 else "")


def _quoted(text: str) -> str:
    """A double-quoted string valid in both JSON and YAML, with Cyrillic left readable."""
    return json.dumps(text, ensure_ascii=False)


def as_text(groups: list[Group], total: int, count: int, since: dt.date | None) -> str:
    """The groups for a person: most asked first, with how the bot answered and variants."""
    lines = [_scope(total, len(groups), count, since) + ":"]
    for group in groups:
        lines.append(f"\n{group.count:>5}  [{group.lang}] {group.question}")
        lines.append(f"       {_details(group)}; last asked {group.last_asked[:10]}")
        if group.variants:
            lines.append(f"       also asked as: {_also(group)}")
    return "\n".join(lines)


def as_yaml(groups: list[Group], total: int, count: int, since: dt.date | None) -> str:
    """The groups as draft evaluation items, to fill in once the knowledge is extended."""
    lines = [
        f"# Draft evaluation items: {_scope(total, len(groups), count, since)}.",
        "# For each: extend the knowledge, then list in `expect` the strings the reply must\n"
        "# contain, or replace `expect: []` with `ood: true` if the bot should decline it.",
    ]
    for group in groups:
        lines.append(f"\n# {_details(group)}")
        if group.variants:
            lines.append(f"# also asked as: {_also(group)}")
        lines.append(f"- {{q: {_quoted(group.question)}, lang: {group.lang}, expect: []}}")
    return "\n".join(lines)
