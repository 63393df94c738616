"""The answer engine on the real knowledge: answers, "did you mean", refusals, dates, odd input."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.engine.dates import DateQuery
from bot.engine.decision import Match, Thresholds
from bot.engine.generation import Knowledge
from bot.engine.gives import figures, gives
from bot.engine.kinds import asked_for, kind_words
from bot.engine.knowledge import KnowledgeBase
from bot.engine.matcher import Matcher
from bot.engine.normalize import fold
from bot.lang import LANGS


@pytest.fixture(scope="module")
def kb(knowledge: Knowledge) -> KnowledgeBase:
    return knowledge.kb


@pytest.fixture(scope="module")
def matcher(knowledge: Knowledge) -> Matcher:
    return knowledge.matcher


def answered(match: Match) -> str | None:
    return match.fact.id if match.fact else None


def test_matcher_answers_its_own_example_questions(kb: KnowledgeBase, matcher: Matcher) -> None:
    asked = [(q, f.id) for f in kb.facts for lang in LANGS for q in f.questions[lang]]
    wrong = [(q, fact_id) for q, fact_id in asked if answered(matcher.match(q)) != fact_id]
    # A few example questions are shared in spirit by two facts ("nurtleu" names a person and
    # the visit he made); everything else must find its own fact.
    assert len(wrong) <= 0.02 * len(asked), wrong


@pytest.mark.parametrize(
    "question",
    [
        "When did Kazakhstan join the UN?",
        "when did kz join the un",
        "kazakhstan un membership date",
        "когда казахстан вступил в оон",
        "Қазақстан БҰҰ-ға қашан кірді?",
    ],
)
def test_matcher_answers_membership_question_in_any_language(
    matcher: Matcher, question: str
) -> None:
    match = matcher.match(question)
    assert (match.status, answered(match)) == ("answer", "un-membership")


def test_matcher_brings_word_forms_of_three_languages_to_the_same_fact(matcher: Matcher) -> None:
    facts = {
        answered(matcher.match(q))
        for q in ("peacekeeping missions", "миротворческих миссиях", "миссияларға")
    }
    assert facts == {"peacekeeping-missions"}


@pytest.mark.parametrize(
    "question",
    [
        "when did kazakstan jion the untied nations",  # missing letter, swapped letters
        "what year kazakhstan joind the un",  # a letter dropped from a short word
        "WHEN DID KAZAKHSTAN JOIN THE UN???",
        "кaзахстан вступил в оон",  # a Latin "a" inside a Russian word
        "казакстан буу-га кашан кирди",  # Kazakh typed on a Russian keyboard
        "кагда казахстан вступил в оон",  # Russian "когда", not Kazakh "қайда", one edit away
    ],
)
def test_matcher_tolerates_typos_case_and_lookalike_letters(
    matcher: Matcher, question: str
) -> None:
    assert answered(matcher.match(question)) == "un-membership"


@pytest.mark.parametrize(
    "question",
    [
        "When did Uzbekistan join the UN?",
        "When did Kazakhstan join the WTO?",
        "Who is the director of the WHO?",
        "What is the GDP of Kazakhstan?",
        "когда узбекистан вступил в оон",
        "какой ввп у казахстана",
        "өзбекстан бұұ-ға қашан кірді",
        "what is the capital of france",
    ],
)
def test_matcher_declines_near_misses_about_other_countries_and_topics(
    matcher: Matcher, question: str
) -> None:
    assert matcher.match(question).status != "answer"


def test_matcher_lowers_confidence_for_unknown_content_words(matcher: Matcher) -> None:
    plain = matcher.match("when did kazakhstan join the un")
    with_unknown = matcher.match("when did kazakhstan join the un zorblax")
    assert with_unknown.score < plain.score


@pytest.mark.parametrize(
    ("question", "lang", "fact_id"),
    [
        ("what happened on 2 March", "en", "un-membership"),
        ("what happened on march 2nd", "en", "un-membership"),
        ("что было 29 мая", "ru", "peacekeepers-day"),
        ("11 сәуірде не болды", "kk", "ilo-founded"),
    ],
)
def test_matcher_lists_the_facts_of_a_day(
    matcher: Matcher, kb: KnowledgeBase, question: str, lang: str, fact_id: str
) -> None:
    match = matcher.match(question)
    assert (match.status, match.lang) == ("answer", lang)
    assert match.when is not None and match.when.year is None
    assert fact_id in {f.id for f in match.facts}
    assert all(
        f.date and (f.date.month, f.date.day) == (match.when.month, match.when.day)
        for f in match.facts
    )


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("what happened on 1 May 2019", "en"),
        ("что произошло 1 мая 2019 года", "ru"),
        ("2019 жылғы 1 мамырда не болды", "kk"),  # the usual Kazakh order: year, day, month
    ],
)
def test_matcher_reads_a_full_date_in_each_language(
    matcher: Matcher, question: str, lang: str
) -> None:
    match = matcher.match(question)
    assert (match.status, match.lang) == ("answer", lang)
    assert match.when == DateQuery(month=5, day=1, year=2019)
    assert [f.id for f in match.facts] == ["almaty-un-building"]


def test_matcher_lists_a_year_with_facts_whose_answer_dates_an_event_then(
    matcher: Matcher,
) -> None:
    match = matcher.match("what happened in 2011")
    assert match.status == "answer" and match.when is not None and match.when.year == 2011
    assert all("2011" in f.answer["en"] for f in match.facts)


def test_matcher_year_listing_leaves_out_periods_that_only_start_then(
    matcher: Matcher, kb: KnowledgeBase
) -> None:
    listed = {f.id for f in matcher.match("what happened in 1992").facts}
    since = {f.id for f in kb.facts if "since 1992" in f.answer["en"].lower() and not f.date}
    assert "un-membership" in listed
    assert since and listed.isdisjoint(since)


def test_matcher_declines_a_day_without_facts_and_says_which_day(matcher: Matcher) -> None:
    match = matcher.match("что было 1 января")
    assert (match.status, match.facts, match.lang) == ("decline", (), "ru")
    assert match.when is not None and (match.when.month, match.when.day) == (1, 1)


def test_matcher_does_not_take_a_question_with_a_date_and_a_subject_for_a_date_listing(
    matcher: Matcher,
) -> None:
    assert matcher.match("how many peacekeepers served in 2019 in lebanon").when is None
    assert matcher.match("may I ask about peacekeepers").when is None


@pytest.mark.parametrize(
    "question",
    [
        "",
        "   \n\t ",
        "🇰🇿🇺🇳🙂",
        "<b>hello</b><script>alert(1)</script>",
        "联合国是什么时候成立的",
        "متى انضمت كازاخستان إلى الأمم المتحدة",
        "asdfgh qwerty zxcvb",
        "?" * 50,
    ],
)
def test_matcher_declines_odd_input_politely(matcher: Matcher, question: str) -> None:
    match = matcher.match(question)
    assert (match.status, match.facts, match.fact) == ("decline", (), None)


def test_matcher_searches_only_the_start_of_a_very_long_message(matcher: Matcher) -> None:
    match = matcher.match("when did kazakhstan join the un " + "blah " * 2000)
    assert match.question.startswith("when did") and len(match.question) > 10_000
    assert match.status in ("answer", "clarify", "decline")


@pytest.mark.parametrize(
    ("question", "preferred", "lang"),
    [
        ("когда основана оон", None, "ru"),
        ("бұұ қашан құрылды", "en", "kk"),
        ("when was the un founded", "ru", "en"),
        ("🙂", "kk", "kk"),
        ("🙂", None, "en"),
    ],
)
def test_matcher_replies_in_the_question_language_then_the_preferred_one(
    matcher: Matcher, question: str, preferred: str | None, lang: str
) -> None:
    assert matcher.match(question, preferred).lang == lang  # type: ignore[arg-type]


def test_matcher_thresholds_are_configuration(kb: KnowledgeBase) -> None:
    question = "when did kazakhstan join the un"
    assert Matcher(kb, Thresholds(answer=1.01, clarify=1.01)).match(question).status == "decline"
    unsure = Matcher(kb, Thresholds(answer=1.01, clarify=0.0)).match(question)
    assert unsure.status == "clarify" and 1 <= len(unsure.facts) <= 3 and unsure.fact is None
    assert unsure.facts[0].id == "un-membership"


@pytest.mark.parametrize(
    "question",
    [
        "какой день провозгласили по инициативе Казахстана?",
        "what day was proclaimed on Kazakhstan's initiative?",
    ],
)
def test_every_form_of_declaring_a_day_is_one_word(matcher: Matcher, question: str) -> None:
    """ "Объявили", "провозгласили", "proclaimed": the articles' "declaration" of 29 August, though
    the stems differ ("объяв", "объявл")."""
    found = matcher.match(question)
    assert found.status == "answer" and found.fact is not None
    assert "29" in found.fact.answer["en"] or "Nuclear Tests" in found.fact.answer["en"]


def test_matcher_asks_did_you_mean_when_unsure(matcher: Matcher) -> None:
    assert matcher.match("kz un").status != "answer"  # names no fact in particular
    unsure = matcher.match("kazakhstan was the how manyth member state of the un")
    assert unsure.status == "clarify" and 1 <= len(unsure.facts) <= 3
    assert matcher.thresholds.clarify <= unsure.score < matcher.thresholds.answer


def test_matcher_declines_when_no_fact_is_worth_offering(kb: KnowledgeBase) -> None:
    """Sure enough to ask back, but every fact scores below a search result: a "did you mean"
    with an empty list would be no reply at all."""
    question = "Whose photos illustrate the Kazinform story on peacekeepers?"
    unsure = Matcher(kb, Thresholds(answer=1.01, clarify=0.01)).match(question)
    assert unsure.status == "decline" and unsure.facts == ()


def test_matcher_search_ranks_relevant_facts_for_inline_mode(matcher: Matcher) -> None:
    found = matcher.search("peacekeepers lebanon", "en", limit=5)
    assert 1 <= len(found) <= 5 and found[0].topic == "peacekeeping"
    assert matcher.search("zorblax quux", "en") == []
    assert matcher.search("", "ru") == []


@pytest.mark.parametrize(
    ("question", "day"),
    [
        ("what happened today?", dt.date(2025, 3, 2)),
        ("что было вчера", dt.date(2025, 3, 3)),
        ("ертең не болады", dt.date(2025, 3, 1)),
    ],
)
def test_matcher_reads_today_yesterday_tomorrow_as_that_day(
    knowledge: Knowledge, question: str, day: dt.date
) -> None:
    match = knowledge.matcher.match(question, today=day)
    assert match.when is not None and (match.when.month, match.when.day) == (3, 2)
    assert match.status == "answer" and "un-membership" in [f.id for f in match.facts]


def test_an_acronym_typed_in_capitals_is_not_corrected_into_a_known_word(
    knowledge: Knowledge,
) -> None:
    assert knowledge.matcher.match("what does KAZBAT mean").status != "answer"
    assert "kazbat" in knowledge.matcher.explain("what does KAZBAT mean", "en")
    match = knowledge.matcher.match("WEN DID KAZAKSTAN JION THE UN")  # all capitals: just loud
    assert match.fact is not None and match.fact.id == "un-membership"


@pytest.mark.parametrize(
    "question",
    [
        "good evening! when did kazakhstan join the un",
        "добрый день! когда казахстан вступил в оон",
        "саламатсыз ба, қазақстан бұұ-ға қашан кірді",
        "when is intl day of un peacekeepers",
        "wait what year was the un even established?",
        "how many ilo conventions has kz ratified altogether",
        "sorry if dumb q but who is kairat umarov, like what post does he hold",
        "извините за глупый вопрос, кто такой Кайрат Умаров?",
        "when did kazakhstan become part of the un?",
        "когда казахстан стал частью оон?",
        "did kazakhstan have a rotating seat on the security council?",
        "ok unrelated but how many ilo conventions has kazakhstan ratified",
        "ok different thing, when was the ilo founded",
        "how many un entities r there in kz",
        "yo which sec gens came to kz",
        "whats considered the high point of kz's un membership?",
        "sorry for my english. I am student, preparing presentation about labour organisation."
        " tell please in which year ILO was founded",
        "is it true the ILO was founded by the UN?",
        "what does kz get out of peacekeeping apart from global security?",
    ],
)
def test_greetings_and_everyday_words_do_not_hide_a_question(
    knowledge: Knowledge, question: str
) -> None:
    assert knowledge.matcher.match(question).status == "answer"


@pytest.mark.parametrize(
    "question",
    ["tell me the rules of chess", "recommend a good movie for tonight", "погода завтра в астане"],
)
def test_a_question_mostly_of_words_no_fact_uses_is_refused(
    knowledge: Knowledge, question: str
) -> None:
    assert knowledge.matcher.match(question).status == "decline"


@pytest.mark.parametrize(
    ("question", "kinds"),
    [
        ("why did kazakhstan leave mali", {"reason"}),
        ("зачем казахстан участвует в миротворчестве", {"reason"}),
        ("on what date did kazakhstan join", {"day"}),
        ("какого числа рк приняли в оон", {"day"}),
        ("how long do peacekeepers serve in lebanon", {"duration", "length"}),
        ("неге сайланды", {"reason"}),
        ("бұұ неге басымдық береді", set()),  # "неге" before a verb of attention is "to what"
        ("стратегиялар неге сәйкестендірілген", set()),  # "aligned with what"
        ("how many years has kazakhstan been a un member", {"duration"}),  # a period counted
        ("сколько длится служба в ливане", {"duration"}),
        ("бітімгерлікте неше әйел бар", set()),  # "әйел", a woman, is no "ай", a month
        # "how long do …" asks a length from start to end, which "since 2018" does not give
        ("how long do they serve in lebanon", {"duration", "length"}),
        ("how long has kazakhstan served in lebanon", {"duration"}),
    ],
)
def test_asked_for_reads_reasons_days_and_durations(question: str, kinds: set[str]) -> None:
    assert asked_for(fold(question).split()) & {"reason", "day", "duration", "length"} == kinds


def test_yr_asks_a_year_and_stand_for_asks_no_purpose() -> None:
    """ "What yr did kz join the Global Coalition?" asks a year, which the fact does not
    give; "whats CICA stand for" asks the abbreviation's words, not what CICA is for."""
    assert "year" in asked_for(fold("what yr did kz join the global coalition").split())
    assert "reason" not in asked_for(fold("whats CICA stand for").split())
    assert "reason" in asked_for(fold("whats the coalition for").split())


def test_from_which_country_asks_an_origin_wherever_it_stands() -> None:
    """ "Stephen O'Malley is from which country": his origin, which no fact states; "from
    what countries" of several ambassadors is their list, not one's origin."""
    assert "origin" in asked_for(fold("stephen o malley is from which country").split())
    assert "origin" not in asked_for(fold("which ambassadors spoke, from what countries").split())


def test_the_words_asking_how_long_a_tour_lasts_keep_its_do() -> None:
    """A turn asked again ("and in Mali?") keeps only the words that ask a kind: without its
    "do", "how long do they serve" would ask since when."""
    words = fold("how long do they serve in lebanon").split()
    assert {"how", "long", "do"} <= kind_words(words)
    assert "length" in asked_for(sorted(kind_words(words), key=words.index))


def test_a_plain_what_or_day_question_is_not_asking_for_an_exact_day() -> None:
    assert asked_for(fold("what day is the international day against nuclear tests").split()) == {
        "day"
    }
    assert "day" not in asked_for(fold("what is the day of peacekeepers").split())


@pytest.mark.parametrize(
    ("question", "kinds"),
    [
        ("What was the March 10 event where Umarov spoke dedicated to?", set()),
        ("what was his title when he met the ILO head?", set()),
        ("who spoke at the event, and where?", {"place"}),
        ("who spoke at the event, and when?", {"time"}),
        ("where was the event held?", {"place"}),
        # Russian may ask last: "где" in mid-sentence is a relative clause then
        ("мероприятие 10 марта, где выступал Умаров, было посвящено чему?", set()),
        ("где прошло мероприятие 10 марта?", {"place"}),
        ("в каком году и где прошло мероприятие?", {"place", "time"}),
        # ... but only a question word ending it: a polite opening first asks no less
        ("подскажите, где находится штаб-квартира МОТ и кто ее возглавляет?", {"place"}),
        ("скажите, когда Казахстан вступил в ООН и каким членом он стал?", {"time"}),
    ],
)
def test_when_and_where_after_another_question_word_only_join_a_clause(
    question: str, kinds: set[str]
) -> None:
    assert asked_for(fold(question).split()) & {"place", "time"} == kinds


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("How many of the 11 visits", {"11"}),
        ("about 1,000 Kazakh peacekeepers, then 1000 more", {"1000"}),
        ("on 2 March 1992, as the 168th member", set()),  # a date, a year and an ordinal
        ("168-м государством, UN80 and 1.5 million", set()),
        ("over 30 years, за 30 лет, 30 жылда", set()),  # periods of time
        ("up to 430. Then 8 women", {"430", "8"}),
    ],
)
def test_figures_are_the_cardinals_a_question_can_restate(text: str, expected: set[str]) -> None:
    assert figures(text) == expected


def test_a_part_is_asked_of_a_named_whole_not_of_what_was_said_before() -> None:
    assert "part" in asked_for(fold("how many of the 11 visits were made by tokayev").split())
    assert "part" in asked_for(fold("сколько из 70 участников были послами").split())
    assert "part" not in asked_for(fold("and how many of them are in almaty").split())
    assert "part" not in asked_for(fold("а сколько из них в алматы").split())
    assert "part" in asked_for(fold("11 сапардың нешеуін Тоқаев жасады").split())
    assert "part" not in asked_for(fold("ал олардың нешеуі Алматыда").split())


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Тұрақты даму мақсаттары нешеу?", "count"),  # "нешеу" is "how many" too
        ("Ливан миссиясы қашаннан бері жалғасады?", "time"),
        ("қай жылдан бері Қазақстан Малиде болды", "time"),
        ("ХЕҰ штаб-пәтері қай елде?", "place"),
    ],
)
def test_asked_for_reads_kazakh_question_words_in_their_forms(question: str, kind: str) -> None:
    assert kind in asked_for(fold(question).split())


def test_a_list_is_asked_by_its_verb_too() -> None:
    """Kazakh "тізіп бер" (list them) asks a list as "тізім" (a list) does: with the fact's own
    figure restated, a fact that only counts is then no answer."""
    assert "list" in asked_for(fold("БҰҰ-ның 23 құрылымын тізіп берші").split())


@pytest.mark.parametrize(
    "question",
    [
        "I'm a teacher preparing a lesson for my pupils. When did Kazakhstan join the UN?",
        "Мен мұғаліммін, сабаққа дайындалып жатырмын. Қазақстан БҰҰ-ға қашан кірді?",
        "Я учитель, готовлю урок для школьников. Когда Казахстан вступил в ООН?",
    ],
)
def test_a_sentence_setting_the_scene_does_not_hide_the_question(
    knowledge: Knowledge, question: str
) -> None:
    """Who asks and why ("teacher", "lesson") are words the knowledge does not know: they are
    left out of a sentence around the question, instead of reading as a subject the articles
    never treat."""
    match = knowledge.matcher.match(question)
    assert match.fact is not None and match.fact.id == "un-membership"


def test_a_foreign_name_setting_the_scene_still_counts(knowledge: Knowledge) -> None:
    assert knowledge.matcher.match("I live in Uzbekistan. When did it join the UN?").fact is None


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        # a Russian loan ("структура") in a Kazakh question: one token with "құрылым"
        ("Қазақстанда БҰҰ-ның неше структурасы жұмыс істейді?", "un-entities-count"),
        # a phrase of the lexicon ("алып тастау": to abolish) in the passive past
        ("Өлім жазасы Қазақстанда қай жылы алынып тасталды?", "death-penalty-abolished"),
        ("олим жазасы казакстанда кай жылы алынып тасталды", "death-penalty-abolished"),
        # the past "-ды" after a passive "-ыл", as the fact's "құрылған"
        ("хеу кашан курылды", "ilo-founded"),
        # a Russian phrase inside a Kazakh question is as light as in a Russian one
        ("Ливан миссиясы с какого года, айтыңызшы", "mission-lebanon"),
        # "according to" and a genitive name: the filler goes, the name is no typo
        ("Мұрат Нұртілеудің лауазымы қандай?", "nurtleu"),
        # words people use for the knowledge's own
        ("what was tokayev's rank at the united nations", "tokayev-geneva"),  # rank: post
        ("in which fields did the un work in kz", "un-focus-areas"),  # fields: areas
        ("how many un system bodies are in kazakhstan", "un-entities-count"),  # bodies: entities
        ("what does the abbreviation UNSDCF mean?", "unsdcf-2021-2025"),  # not UN80's abbreviation
        ("were kazakh officers decorated with medals?", "peacekeepers-recognition"),
        # "current" names the one in force, not "now" of a past fact
        ("what period does the current cooperation framework cover?", "framework-2021-2025"),
    ],
)
def test_matcher_reads_word_forms_synonyms_and_mixed_phrasing(
    matcher: Matcher, question: str, fact_id: str
) -> None:
    match = matcher.match(question)
    assert (match.status, answered(match)) == ("answer", fact_id)


@pytest.mark.parametrize(
    "question",
    [
        "Қытайдың БҰҰ-ға мүше болғанына неше жыл толды?",
        "Қытайның БҰҰ-ға мүше болғанына неше жыл толды?",  # the genitive with the wrong harmony
        "Ливандағы миссияға неше украинадық әскери қатысты?",  # "Украина" whole before the ending
    ],
)
def test_matcher_refuses_another_country_under_kazakh_endings(
    matcher: Matcher, question: str
) -> None:
    assert matcher.match(question).status != "answer"
    asked_of_kazakhstan = "Қазақстанның БҰҰ-ға мүше болғанына неше жыл толды?"
    assert answered(matcher.match(asked_of_kazakhstan)) == "membership-anniversary"


@pytest.mark.parametrize(
    "question",
    ["which kazakh city hosts it", "в каком казахстанском городе", "қай қазақ қаласында"],
)
def test_which_before_a_place_noun_asks_a_place(question: str) -> None:
    assert "place" in asked_for(fold(question).split())


@pytest.mark.parametrize(
    ("question", "purpose"),
    [
        ("what is it for?", True),
        ("what's it for?", True),  # folded "what it for"
        ("whats the coalition for", True),
        ("what did the ilo thank kazakhstan for?", False),  # what was done for something
        ("what were kazakh officers awarded medals for?", False),
        ("қазақстандық бітімгерлер не үшін марапатталды?", False),
        ("whats UNSDCF short for?", False),  # an abbreviation's words
    ],
)
def test_what_something_is_for_asks_a_reason(question: str, purpose: bool) -> None:
    assert ("reason" in asked_for(fold(question).split())) is purpose


def test_a_length_is_from_start_to_end(kb: KnowledgeBase) -> None:
    """ "Since 2022 ... (2022-present)" says how long a mission has gone on, not how long a
    tour lasts; "from 6 months to one year" and "2011-2013" do."""
    assert {"duration"} <= gives(kb.fact("mission-central-african-republic"))
    assert "length" not in gives(kb.fact("mission-central-african-republic"))
    assert "length" in gives(kb.fact("peacekeeper-service-duration"))
    assert "length" in gives(kb.fact("tokayev-geneva"))


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        # Kazakh writers spell him "Гилберт" as often as the Russian "Жильбер"
        ("Гилберт Унгбо Қазақстанға қай ұйымның басшысы ретінде келді?", "ilo-visit-2024"),
        # the framework the government "cooperates within" is the present one of its article
        ("Under what framework does the Government of Kazakhstan cooperate with the UN now?",
         "framework-2021-2025"),
        # the meeting's answers name "the parties": a question naming them is theirs
        ("what did nurtleu and houngbo discuss about kazakh citizens and the ilo's staff",
         "ilo-kazakh-staff"),
        ("что обсудили нуртлеу и унгбо насчет казахстанцев среди сотрудников мот",
         "ilo-kazakh-staff"),
        ("Нұртілеу мен Унгбо ХЕҰ қызметкерлері арасындағы қазақстандықтар туралы не талқылады?",
         "ilo-kazakh-staff"),
        # chat shorthand for "right now"
        ("how many un entities are in kazakhstan rn?", "un-entities-count"),
    ],
)  # fmt: skip
def test_the_knowledge_answers_what_its_writers_ask(
    matcher: Matcher, question: str, fact_id: str
) -> None:
    match = matcher.match(question)
    assert match.status == "answer" and match.fact is not None and match.fact.id == fact_id


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("did kazakhstan scrap capital punishment? if so when", "death-penalty-abolished"),
        ("are kazakhstan's national development plans linked to the SDGs?", "sdg-alignment"),
        (
            "what global problems did the astana panel say need stronger teamwork?",
            "un80-global-challenges",
        ),
        ("во сколько раз снизилась младенческая смертность?", "life-expectancy-newborn-deaths"),
        ("Қазақстанда сәбилер өлімі неше есе төмендеді?", "life-expectancy-newborn-deaths"),
        ("what year did the summit of the future take place", "summit-of-the-future-2024"),
        ("are kazakhstan's development plans linked to the SDGs at all?", "sdg-alignment"),
        (
            "did kazakhstan get a permanent seat or a temporary one on the UNSC?",
            "security-council-term",
        ),
        ("who did houngbo sit down with in kazakhstan?", "ilo-visit-2024"),
        ("which un resolution is the gender policy based on?", "resolution-1325"),
        ("where is the ILO based?", "ilo-headquarters"),
    ],
)
def test_everyday_words_read_as_the_articles_words(
    matcher: Matcher, question: str, fact: str
) -> None:
    """Scrap is abolish, problems are issues, teamwork is collaboration, babies are newborns
    (knowledge/lexicon.yaml), and "if so", "take place", "at all" are chat."""
    assert answered(matcher.match(question)) == fact


@pytest.mark.parametrize(
    "question",
    [
        "what framework comes after the 2021-2025 one?",
        "какая программа придёт на смену рамочной программе 2021-2025?",
        "who is in charge of the UN youth office?",
        "what is the UN's birthday?",  # a date no fact gives, not an anniversary
        "когда у ООН день рождения?",
        "who heads the un?",  # the Resident Coordinator heads its team in Kazakhstan only
        "кто возглавляет ООН?",
        "Ливанға кезекті контингент қашан аттанады?",  # the next contingent: the future
    ],
)
def test_a_successor_or_a_head_no_fact_states_is_refused(matcher: Matcher, question: str) -> None:
    assert matcher.match(question).status != "answer"


def test_a_figure_stands_next_to_the_lexicon_word_of_what_is_asked(matcher: Matcher) -> None:
    """ "How much has infant mortality dropped?" names neither the answer's newborns nor its
    "decreased", but the lexicon's words for both stand next to its "five-fold"."""
    match = matcher.match("how much has infant mortality in kazakhstan dropped?")
    assert answered(match) == "life-expectancy-newborn-deaths"
    assert matcher.match("how much has life expectancy grown in kazakhstan?").status != "answer"
