"""`kzun-bot check` on the real knowledge and on broken copies: one test per kind of problem."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from bot.cli import main
from bot.config import default_knowledge_dir
from bot.engine.loader import read_knowledge
from tests.conftest import EditFact

QUOTE = "The ILO’s headquarter is located in Geneva."

VALID_FACT = """\
facts:
  - id: test-fact
    topic: ilo
    answer:
      en: The ILO's headquarters are in Geneva.
      ru: Штаб-квартира МОТ находится в Женеве.
      kk: ХЕҰ-ның штаб-пәтері Женевада орналасқан.
    questions:
      en: [zq one, zq two, zq three, zq four, zq five, zq six]
      ru: [зв один, зв два, зв три, зв четыре]
      kk: [зқ бір, зқ екі, зқ үш, зқ төрт]
    sources:
      - source: ilo-visit-2024
        quote: "{quote}"
    title:
      en: Where the ILO sits
      ru: Где находится МОТ
      kk: ХЕҰ қайда орналасқан
"""


def run_check(knowledge: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = main(["--knowledge-dir", str(knowledge), "check"])
    return code, capsys.readouterr().out.splitlines()


def problems_in(lines: list[str], name: str) -> list[str]:
    return [line for line in lines if f"{name}:" in line]


def write(knowledge: Path, name: str, text: str) -> Path:
    path = knowledge / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_check_passes_on_the_real_knowledge(capsys: pytest.CaptureFixture[str]) -> None:
    code, lines = run_check(default_knowledge_dir(), capsys)
    assert code == 0, "\n".join(lines[:40])
    assert lines[-1].startswith("knowledge OK: ")


def test_check_accepts_the_valid_template_dated_by_its_source(
    knowledge_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dated = VALID_FACT.format(quote=QUOTE).replace(
        "topic: ilo", "topic: ilo\n    date: 2024-09-06"
    )
    write(knowledge_copy, "zz.yaml", dated)
    _, lines = run_check(knowledge_copy, capsys)
    assert problems_in(lines, "zz.yaml") == []


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("    topic: ilo\n", "", "zz.yaml:2: missing field 'topic'"),
        ("    topic: ilo", "    topic: 42", "zz.yaml:2: field 'topic' must be a non-empty string"),
        ("    topic: ilo", "    topic: weather", "zz.yaml:2: unknown topic 'weather'"),
        ("id: test-fact", "id: Test_Fact", "zz.yaml:2: id 'Test_Fact' must be kebab-case"),
        ("source: ilo-visit-2024", "source: nowhere", "zz.yaml:13: unknown source id 'nowhere'"),
        ("located in Geneva", "located in Bern", "zz.yaml:13: quote not found verbatim"),
        ("are in Geneva.", "are in Geneva since 1946.", "figure 1946 of answer.en is in no quote"),
        ("are in Geneva.", "are in Geneva, says Tolstoy.", "name 'Tolstoy' of answer.en"),
        (
            "      kk: ХЕҰ-ның штаб-пәтері Женевада орналасқан.\n",
            "",
            "missing language(s): ['kk']",
        ),
        ("[зв один, зв два, зв три, зв четыре]", "[зв один]", "questions.ru has 1 questions"),
        ("[zq one,", "zq one", "questions.en must be a list of strings"),
        ("[зв один, зв два, зв три, зв четыре]", "5", "questions.ru must be a list of strings"),
        (
            "    topic: ilo",
            "    topic: ilo\n    related: [no-such-fact]",
            "related id 'no-such-fact'",
        ),
        ("    topic: ilo", "    topic: ilo\n    date: 2023-04-31", "invalid date '2023-04-31'"),
        ("    topic: ilo", "    topic: ilo\n    colour: red", "unknown field(s): ['colour']"),
        (
            "    topic: ilo",
            "    topic: ilo\n    date: 1850-05-05",
            "year 1850 of 'date' is in neither",
        ),
        ("    topic: ilo", "    topic: ilo\n    topic: un", "zz.yaml:4: YAML syntax error"),
        ("      en: [zq", "      en: [zq [", "zz.yaml:9: YAML syntax error at column"),
    ],
)
def test_check_reports_a_broken_fact(
    knowledge_copy: Path,
    capsys: pytest.CaptureFixture[str],
    old: str,
    new: str,
    expected: str,
) -> None:
    template = VALID_FACT.format(quote=QUOTE)
    assert old in template
    write(knowledge_copy, "zz.yaml", template.replace(old, new))
    code, lines = run_check(knowledge_copy, capsys)
    assert code == 1
    assert any(expected in line for line in problems_in(lines, "zz.yaml")), lines[-10:]


# Each problem a title can have, and the edit of the template's title that causes it.
TITLE_PROBLEMS = {
    "field 'title' is missing language(s): ['kk']": ("      kk: ХЕҰ қайда орналасқан\n", ""),
    "title.ru must be a non-empty string": ("ru: Где находится МОТ", 'ru: " "'),
    "title.en has 49 characters, over 48": ("ILO sits", "ILO sits " + "x" * 30),
    "title.en must be a name, not a sentence": ("Where the ILO sits", "Where does the ILO sit?"),
    "figure 1946 of title.en is not in answer.en": ("ILO sits", "ILO sits since 1946"),
    "figure 1919 of title.kk is not in answer.kk": ("ХЕҰ қайда орналасқан", "ХЕҰ 1919 жылдан"),
    "title.ru 'Штаб-Квартира МОТ в Женеве' is also the title of 'ilo-headquarters'": (
        "Где находится МОТ",
        "Штаб-Квартира МОТ в Женеве",
    ),
}


@pytest.mark.parametrize("expected", TITLE_PROBLEMS)
def test_check_reports_a_broken_title(
    knowledge_copy: Path, capsys: pytest.CaptureFixture[str], expected: str
) -> None:
    old, new = TITLE_PROBLEMS[expected]
    template = VALID_FACT.format(quote=QUOTE)
    assert old in template
    write(knowledge_copy, "zz.yaml", template.replace(old, new))
    code, lines = run_check(knowledge_copy, capsys)
    assert code == 1
    assert any(line.endswith(f"zz.yaml:2: {expected}") for line in lines), lines[-10:]


def test_aliases_are_accepted_and_point_to_the_fact_like_keywords(
    knowledge_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = VALID_FACT.format(quote=QUOTE)
    aliased = template.replace("topic: ilo", "topic: ilo\n    aliases: [ILO HQ]")
    write(knowledge_copy, "zz.yaml", aliased)
    _, lines = run_check(knowledge_copy, capsys)
    assert problems_in(lines, "zz.yaml") == []
    kb, _ = read_knowledge(knowledge_copy)
    fact = kb.fact("test-fact")
    assert fact is not None and "ILO HQ" in fact.keywords


def test_check_reports_duplicate_keys_with_the_first_line(
    knowledge_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = VALID_FACT.format(quote=QUOTE)
    write(
        knowledge_copy,
        "zz.yaml",
        template.replace("    topic: ilo", "    topic: ilo\n    topic: un"),
    )
    _, lines = run_check(knowledge_copy, capsys)
    assert any("duplicate key 'topic' (first on line 3)" in line for line in lines)


def test_check_reports_a_duplicate_id_and_a_shared_question(
    knowledge_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = VALID_FACT.format(quote=QUOTE)
    write(knowledge_copy, "zz.yaml", template)
    write(knowledge_copy, "zz2.yaml", template)
    write(
        knowledge_copy,
        "zz3.yaml",
        template.replace("zq six", "Zq   ONE.").replace("t-fact", "t-3"),
    )
    code, lines = run_check(knowledge_copy, capsys)
    assert code == 1
    duplicate = "duplicate id 'test-fact' (also zz.yaml:2)"
    assert any(duplicate in line for line in problems_in(lines, "zz2.yaml"))
    shared = "example question 'Zq   ONE.' is also under fact 'test-fact'"
    assert any(shared in line for line in problems_in(lines, "zz3.yaml"))


def test_check_reports_an_unquoted_seed_sentence(
    knowledge_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed = knowledge_copy.parent / "seeds" / "004_41cebceda6e24be3.txt"
    seed.write_text(
        seed.read_text(encoding="utf-8") + "\nThe ILO opened a new office in Atyrau in 2031.\n",
        encoding="utf-8",
    )
    code, lines = run_check(knowledge_copy, capsys)
    assert code == 1
    assert any(
        line.startswith("seeds/004_41cebceda6e24be3.txt:") is False
        and "sentence neither quoted by a fact nor listed in coverage.yaml" in line
        and "Atyrau" in line
        for line in lines
    )


def test_check_reports_a_stale_coverage_entry(
    knowledge_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    coverage = knowledge_copy / "coverage.yaml"
    coverage.write_text(
        coverage.read_text(encoding="utf-8")
        + '  - {source: ilo-visit-2024, sentence: "No such sentence here", reason: test}\n',
        encoding="utf-8",
    )
    _, lines = run_check(knowledge_copy, capsys)
    assert any(
        "coverage.yaml:" in line and "matches no unquoted seed sentence" in line for line in lines
    )


def test_check_reports_bad_encoding_with_its_line(
    knowledge_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (knowledge_copy / "zz.yaml").write_bytes(b"facts:\n  - id: x\n    topic: \xff\xfe\n")
    code, lines = run_check(knowledge_copy, capsys)
    assert code == 1
    assert any("zz.yaml:3: not valid UTF-8" in line for line in lines)


def test_check_reports_a_missing_seed_and_a_bad_source_date(
    knowledge_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sources = knowledge_copy / "sources.yaml"
    text = sources.read_text(encoding="utf-8")
    text = text.replace("seeds/004_41cebceda6e24be3.txt", "seeds/missing.txt")
    text = text.replace("published: 2024-09-06", "published: 2024-13-06")
    sources.write_text(text, encoding="utf-8")
    code, lines = run_check(knowledge_copy, capsys)
    assert code == 1
    assert any("seed file not found: seeds/missing.txt" in line for line in lines)
    assert any("field 'published' must be YYYY-MM-DD or YYYY-MM" in line for line in lines)


def test_check_requires_a_title_on_every_real_fact_and_no_shared_titles(
    edit_fact: EditFact, capsys: pytest.CaptureFixture[str]
) -> None:
    peacekeeping = edit_fact("mission-mali", lambda fact: fact.pop("title"))
    edit_fact("mission-congo", lambda fact: fact["title"].update(en="pact for the future"))
    code, lines = run_check(peacekeeping.parent, capsys)
    assert code == 1
    assert any(
        "field 'title' must be a mapping" in line for line in problems_in(lines, peacekeeping.name)
    )
    # The later file's fact is the one reported, pointing back at the first holder.
    shared = "title.en 'Pact for the Future' is also the title of 'mission-congo'"
    assert any(shared in line for line in problems_in(lines, "un80.yaml")), lines[-5:]


# A break of words.yaml (text replaced -> replacement) and the problem check must report.
WORD_LIST_BREAKS = {
    "'died' needs a list of terms in kk": ("    kk: [қаза, өлді, мерт, қайтыс]\n", ""),
    "'lists' has no 'pronouns' list": ("  - id: pronouns\n", "  - id: pronounz\n"),
    "'qualifier' must be true or false": ("    qualifier: true\n", "    qualifier: maybe\n"),
    "'economy.ru' must be non-empty strings": ("    ru: [ввп,", "    ru: ['',"),
    # "до нее" is "before her": without "before", every question about "her" asked it
    "'replaced.ru' term 'до нее' is only function words": (
        "предыдущего, на смену]",
        "предыдущего, на смену, до нее]",
    ),
    # "from" is a function word: every "withdrew" would ask a rejection too
    "'rejected.en' term 'withdrew from' reads as 'left' term 'withdrew'": (
        "    en: [reject, rejected, refused, denounced]",
        "    en: [reject, rejected, refused, denounced, withdrew from]",
    ),
    # one stem for two relations ("бекіту" is both to approve and to establish)
    "'ratified.kk' term 'бекітті' reads as 'founded' term 'бекітілді'": (
        "    kk: [құрылды, құрған, құрды, негізін]",
        "    kk: [құрылды, құрған, құрды, негізін, бекітілді]",
    ),
    # a short form is one word: a phrase is the lexicon's
    "'people' term 'folks here' is not one word": (
        "    en: [people, ppl]",
        "    en: [people, ppl, folks here]",
    ),
}


@pytest.mark.parametrize("problem", WORD_LIST_BREAKS)
def test_check_reports_word_lists_missing_a_language_or_malformed(
    knowledge_copy: Path, capsys: pytest.CaptureFixture[str], problem: str
) -> None:
    old, new = WORD_LIST_BREAKS[problem]
    path = knowledge_copy / "words.yaml"
    original = path.read_text(encoding="utf-8")
    assert old in original
    path.write_text(original.replace(old, new, 1), encoding="utf-8")
    code, lines = run_check(knowledge_copy, capsys)
    assert code == 1
    assert any(problem in line for line in problems_in(lines, "words.yaml")), lines


def test_check_reports_a_synonym_that_reads_as_one_common_word(
    knowledge_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ "Get into" less its function word is "get": every "get" would mean "join"."""
    path = knowledge_copy / "lexicon.yaml"
    original = path.read_text(encoding="utf-8")
    assert "  - terms: [join, joined," in original
    path.write_text(original.replace("[join, joined,", "[join, joined, get into,", 1), "utf-8")
    code, lines = run_check(knowledge_copy, capsys)
    assert code == 1
    problem = "term 'get into' reads as 'get' alone: function words"
    assert any(problem in line for line in problems_in(lines, "lexicon.yaml")), lines


def test_check_reports_a_file_that_fails_to_parse_without_echoes(
    knowledge_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Its facts are missing, so their quotes are too: "sentence neither quoted" and "related id"
    problems would follow for everything the file held. Only the real problem is reported."""
    broken = knowledge_copy / "membership.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("facts:", "facts: [", 1))
    code, lines = run_check(knowledge_copy, capsys)
    assert code == 1
    [problem] = lines
    assert "membership.yaml" in problem and "YAML syntax error" in problem


def test_knowledge_readme_describes_every_file_that_is_not_facts() -> None:
    """A new kind of knowledge file must be documented where editors look."""
    from bot.engine.loader import SPECIAL_FILES

    table = (default_knowledge_dir() / "README.md").read_text(encoding="utf-8")
    assert [name for name in SPECIAL_FILES if f"| `{name}` |" not in table] == []


@pytest.mark.parametrize(
    "url",
    [
        "https://www.inform.kz/en/some-article_a3759372/amp",
        "https://amp.example.org/some-article",
        "https://example.org/news/some-article.amp",
        "https://example.org/news/some-article?amp",
        "http://example.org/news/some-article",
    ],
)
def test_check_refuses_a_source_that_is_not_the_canonical_https_article(
    knowledge_copy: Path, capsys: pytest.CaptureFixture[str], url: str
) -> None:
    sources = knowledge_copy / "sources.yaml"
    text = sources.read_text(encoding="utf-8")
    canonical = "https://kazakhstan.un.org/en/289872-astana-hosts-high-level-discussion-un80-and-future-multilateralism"
    sources.write_text(text.replace(canonical, url), encoding="utf-8")
    code, lines = run_check(knowledge_copy, capsys)
    assert code == 1
    found = [p for p in problems_in(lines, "sources.yaml") if "canonical https://" in p]
    assert len(found) == 1 and url in found[0]
