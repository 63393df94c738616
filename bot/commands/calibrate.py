"""`kzun-bot calibrate`: fit the confidence model on the knowledge and write confidence.yaml.

Examples come from the knowledge alone, never from an evaluation set:

- *positives*: every fact's example questions, each asked of an index built without its fold
  (FOLDS folds), so no question is scored against itself; right when the best fact is its own;
- *negatives*: the out-of-scope questions, held out the same way, and the generated near misses
  (`nearmiss.py`) of the held-out example questions.

A question the matcher already refuses outright (no candidate, or every candidate failing
verification) is no example: the model only decides among candidates that passed. The fit is a
logistic regression (Newton's method, L2 on standardised features), in pure Python: fourteen
features and a few thousand examples need no numerical library. The answer threshold is the
lowest one reaching TARGET_PRECISION on the held-out predictions, and from which the examples
around each probability (MARGIN_WINDOW wide) are right MARGINAL_PRECISION of the time:
precision over all the answers above a threshold is flat near it, so a small edit of the
knowledge moved the lowest threshold reaching it, and with it answers right only two times in
three. The clarify threshold is the lowest from which examples (a tenth wide, below the answer
threshold) reach CLARIFY_PRECISION.
Deterministic: the same knowledge gives the same file.
"""

from __future__ import annotations

import math
import sys
import zlib
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from bot.commands.evaluation import Tally
from bot.commands.nearmiss import generate
from bot.engine.confidence import FEATURES, MODEL_FILE, SIGNS, ConfidenceModel, fingerprint
from bot.engine.knowledge import KnowledgeBase, KnowledgeError
from bot.engine.loader import read_knowledge
from bot.engine.matcher import Matcher
from bot.lang import LANGS, Lang

FOLDS = 10
TARGET_PRECISION = 0.946  # of held-out answers, the share that must be right (see below)
# Of the answers just above the threshold, the share that must be right: a wrong answer costs
# three times what a "did you mean" or a refusal does.
MARGINAL_PRECISION = 0.75
MARGIN_WINDOW = 0.1  # about 230 held-out answers each: a narrower band moved with every refit
CLARIFY_PRECISION = (
    0.50  # a "did you mean" is offered when its best fact is as likely right as not
)
RIDGE = 1.0  # L2 penalty on standardised weights: keeps rare features from running away
NEWTON_STEPS = 25

Example = tuple[tuple[float, ...], bool]


def _fold(*parts: str) -> int:
    return zlib.crc32("\0".join(parts).encode()) % FOLDS


def examples(kb: KnowledgeBase) -> list[Example]:
    """Held-out (features, right) pairs: see the module's description."""
    misses = list(generate(kb))
    found: list[Example] = []
    for fold in range(FOLDS):
        facts = tuple(
            replace(
                fact,
                questions={
                    lang: tuple(q for q in fact.questions[lang] if _fold(fact.id, q) != fold)
                    for lang in LANGS
                },
            )
            for fact in kb.facts
        )
        kept = tuple(item for item in kb.out_of_scope if _fold(*item) != fold)
        matcher = Matcher(replace(kb, facts=facts, out_of_scope=kept, confidence=None))
        asked: list[tuple[str, Lang, str | None]] = [
            (q, lang, fact.id)
            for fact in kb.facts
            for lang in LANGS
            for q in fact.questions[lang]
            if _fold(fact.id, q) == fold
        ]
        asked += [(q, lang, None) for lang, q in kb.out_of_scope if _fold(lang, q) == fold]
        asked += [(m.question, m.lang, None) for m in misses if _fold(m.fact_id, m.source) == fold]
        for question, _, wanted in asked:
            assessment = matcher.assess(question)
            if assessment.features:
                right = wanted is not None and _same(kb, assessment.ranked[0][0].id, wanted)
                found.append((assessment.features, right))
    return found


def _same(kb: KnowledgeBase, found: str, wanted: str) -> bool:
    """Whether the best fact answers a question of `wanted`: it, or a fact the knowledge
    relates to it (the same event told twice, as a whole and in detail)."""
    if found == wanted:
        return True
    first, second = kb.fact(found), kb.fact(wanted)
    return bool(first and second and (wanted in first.related or found in second.related))


def fit(
    found: Sequence[Example], signs: Sequence[int] | None = None
) -> tuple[tuple[float, ...], float]:
    """Logistic regression weights (raw feature scale) and bias; a feature whose weight comes
    out against its sign (+1, -1; 0 for either) is left out and the rest fit again."""
    n = len(found[0][0])
    active = list(range(n))
    while True:
        weights, bias = _logistic([(tuple(x[i] for i in active), y) for x, y in found])
        full = [0.0] * n
        for i, weight in zip(active, weights, strict=True):
            full[i] = weight
        wrong = {i for i in active if signs and signs[i] * full[i] < 0}
        if not wrong:
            return tuple(full), bias
        active = [i for i in active if i not in wrong]


def _logistic(found: Sequence[Example]) -> tuple[tuple[float, ...], float]:
    """Newton's method on the L2-penalised log loss of standardised features."""
    n = len(found[0][0])
    means = [sum(x[i] for x, _ in found) / len(found) for i in range(n)]
    scales = [
        math.sqrt(sum((x[i] - means[i]) ** 2 for x, _ in found) / len(found)) or 1.0
        for i in range(n)
    ]
    rows = [([1.0] + [(x[i] - means[i]) / scales[i] for i in range(n)], y) for x, y in found]
    beta = [0.0] * (n + 1)
    for _ in range(NEWTON_STEPS):
        gradient = [0.0 if i == 0 else RIDGE * beta[i] for i in range(n + 1)]
        hessian = [[RIDGE if i == j and i else 0.0 for j in range(n + 1)] for i in range(n + 1)]
        for row, y in rows:
            p = 1.0 / (
                1.0
                + math.exp(-max(min(sum(b * v for b, v in zip(beta, row, strict=True)), 40), -40))
            )
            for i, vi in enumerate(row):
                gradient[i] += (p - y) * vi
                for j in range(i + 1):
                    hessian[i][j] += p * (1 - p) * vi * row[j]
        for i in range(n + 1):
            for j in range(i):
                hessian[j][i] = hessian[i][j]
        step = _solve(hessian, gradient)
        beta = [b - s for b, s in zip(beta, step, strict=True)]
        if max(map(abs, step)) < 1e-9:
            break
    weights = tuple(beta[i + 1] / scales[i] for i in range(n))
    bias = beta[0] - sum(w * m for w, m in zip(weights, means, strict=True))
    return weights, bias


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (the Hessian is small and well conditioned)."""
    n = len(vector)
    a = [[*row, v] for row, v in zip(matrix, vector, strict=True)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(a[r][col]))
        a[col], a[pivot] = a[pivot], a[col]
        for r in range(col + 1, n):
            factor = a[r][col] / a[col][col]
            for c in range(col, n + 1):
                a[r][c] -= factor * a[col][c]
    x = [0.0] * n
    for r in reversed(range(n)):
        x[r] = (a[r][n] - sum(a[r][c] * x[c] for c in range(r + 1, n))) / a[r][r]
    return x


def threshold(
    scored: Sequence[tuple[float, bool]], precision: float, below: float = 1.0, window: float = 1.0
) -> float:
    """The lowest probability from which the held-out examples (up to `below`, or within
    `window` of it) are right at least `precision` of the time."""
    for step in range(5, 100):
        limit = step / 100
        if limit >= below:
            break
        if _reaches(scored, precision, limit, min(below, limit + window)):
            return limit
    return min(0.99, below)


def steady_threshold(
    scored: Sequence[tuple[float, bool]], precision: float, window: float
) -> float:
    """The lowest probability from which, up to the top, the answers around each probability
    (a band `window` wide centred on it) are right at least `precision` of the time (a band
    without examples passes). Centred, as a band starting at the threshold holds the surer
    answers above it too, and overstates how often the ones at the threshold are right."""
    limit = 0.99
    for step in reversed(range(5, 99)):
        at = step / 100
        if not _reaches(scored, precision, at - window / 2, at + window / 2, empty=True):
            break
        limit = at
    return limit


def _reaches(
    scored: Sequence[tuple[float, bool]],
    precision: float,
    low: float,
    high: float,
    empty: bool = False,
) -> bool:
    """Whether the examples from `low` up to `high` are right `precision` of the time (`empty`
    when there are none)."""
    chosen = [right for p, right in scored if low <= p < high]
    return sum(chosen) / len(chosen) >= precision if chosen else empty


def calibrate(root: Path) -> tuple[ConfidenceModel, list[tuple[float, bool]]]:
    """The fitted model of the knowledge under `root`, and its held-out predictions."""
    kb, problems = read_knowledge(root)  # an outdated model of its own is what is replaced
    problems = [p for p in problems if p.path.name != MODEL_FILE]
    if problems:
        raise KnowledgeError(problems)
    found = examples(kb)
    weights, bias = fit(found, [SIGNS[name] for name in FEATURES])
    model = ConfidenceModel(weights, bias, 0.0, 0.0, fingerprint(root))
    scored = [(model.probability(x), right) for x, right in found]
    answer = max(
        threshold(scored, TARGET_PRECISION),
        steady_threshold(scored, MARGINAL_PRECISION, MARGIN_WINDOW),
    )
    clarify = threshold(scored, CLARIFY_PRECISION, below=answer, window=0.1)
    return replace(model, answer=answer, clarify=clarify), scored


def write_model(path: Path, model: ConfidenceModel) -> None:
    lines = [
        "# Written by `kzun-bot calibrate` from this folder's knowledge; do not edit by hand.",
        "# The logistic confidence model of answers (bot/engine/confidence.py): weights over",
        "# the matcher's features, and thresholds chosen on held-out folds. `kzun-bot check`",
        "# reports it stale when another knowledge file changed: run `kzun-bot calibrate`.",
        f"fingerprint: {model.fingerprint}",
        f"thresholds: {{answer: {model.answer:.2f}, clarify: {model.clarify:.2f}}}",
        f"bias: {model.bias:.6f}",
        "features:",
        *(f"  {name}: {weight:.6f}" for name, weight in zip(FEATURES, model.weights, strict=True)),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def run_calibration(root: Path) -> int:
    """Fit, write, and print the held-out calibration; 1 with one line when it cannot."""
    try:
        model, scored = calibrate(root)
    except KnowledgeError as error:
        print(f"kzun-bot calibrate: the knowledge has {len(error.problems)} problem(s); "
              "run `kzun-bot check`", file=sys.stderr)  # fmt: skip
        return 1
    write_model(root / MODEL_FILE, model)
    bands: dict[int, Tally] = {}
    for p, right in scored:
        tally = bands.setdefault(min(int(p * 10), 9), Tally())
        tally.total += 1
        tally.right += right
    print(f"{len(scored)} held-out examples ({sum(r for _, r in scored)} right answers)")
    print("Held-out calibration (confidence band: right / examples):")
    for band, tally in sorted(bands.items()):
        print(f"  {band / 10:.1f}-{(band + 1) / 10:.1f}: {tally}")
    print(f"Thresholds: answer {model.answer:.2f}, clarify {model.clarify:.2f}")
    print(f"Wrote {root / MODEL_FILE}")
    return 0
