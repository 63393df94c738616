"""Conversation context: follow-ups read with the chat's last answer, never across chats."""

from __future__ import annotations

import pytest

from bot.engine.conversation import Conversations
from bot.engine.decision import Match
from bot.engine.followup import FollowUps
from bot.engine.generation import Knowledge
from bot.engine.normalize import fold
from bot.engine.subjects import MAX_SUBJECT_CHARS, subject_of


class Ticks:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def dialogue(knowledge: Knowledge, *turns: str) -> list[Match]:
    """The engine's decisions on the turns of one conversation, in order."""
    chats = Conversations()
    return [chats.match(knowledge.matcher, "a", turn) for turn in turns]


def test_conversation_answers_a_referring_follow_up_from_the_previous_subject(
    knowledge: Knowledge,
) -> None:
    chats = Conversations()
    first = chats.match(knowledge.matcher, "a", "who heads the ILO?")
    follow = chats.match(knowledge.matcher, "a", "when was it founded?")
    assert first.fact is not None and first.fact.id == "houngbo"
    assert follow.fact is not None and follow.fact.id == "ilo-founded"
    assert follow.question == "when was it founded?"


def test_conversation_never_crosses_chats(knowledge: Knowledge) -> None:
    chats = Conversations()
    chats.match(knowledge.matcher, "a", "who heads the ILO?")
    other = chats.match(knowledge.matcher, "b", "when was it founded?")
    assert other.fact is None or other.fact.id != "ilo-founded"


def test_conversation_keeps_unanswerable_follow_ups_refused(knowledge: Knowledge) -> None:
    chats = Conversations()
    chats.match(knowledge.matcher, "a", "which UN missions have kazakh officers taken part in?")
    assert chats.match(knowledge.matcher, "a", "and Uzbekistan?").status != "answer"
    assert chats.match(knowledge.matcher, "a", "how many of them died?").status != "answer"


def test_conversation_does_not_hijack_a_full_question(knowledge: Knowledge) -> None:
    chats = Conversations()
    chats.match(knowledge.matcher, "a", "who heads the ILO?")
    full = chats.match(knowledge.matcher, "a", "when did kazakhstan join the un")
    assert full.fact is not None and full.fact.id == "un-membership"


def test_conversation_forgets_after_ten_minutes_and_beyond_capacity(
    knowledge: Knowledge,
) -> None:
    ticks = Ticks()
    chats = Conversations(clock=ticks, capacity=2)
    for key in ("a", "b", "c"):
        chats.match(knowledge.matcher, key, "who heads the ILO?")
    assert len(chats) == 2 and chats.recall("a") is None and chats.recall("c") is not None
    ticks.now += 601
    assert chats.recall("c") is None
    late = chats.match(knowledge.matcher, "b", "when was it founded?")
    assert late.fact is None or late.fact.id != "ilo-founded"


def test_conversation_refuses_a_follow_up_with_nothing_to_follow(knowledge: Knowledge) -> None:
    chats = Conversations()
    assert chats.match(knowledge.matcher, "a", "and what about Mali?").status == "decline"
    assert chats.match(knowledge.matcher, "a", "when was it founded?").status == "decline"


@pytest.mark.parametrize(
    ("turn", "after_founding"),
    [
        ("қай жылы?", "ilo-founded"),
        ("what year?", "ilo-founded"),
        ("кто им тогда руководил?", None),
        ("бұл шешім қашан қабылданды?", None),  # "this decision": which one?
        # its subject is the pronoun, named nowhere before it
        ("а когда она стала учреждением ООН?", "ilo-un-agency-1946"),
        ("when did it become a UN specialized agency?", "ilo-un-agency-1946"),
        # only a relation, of nothing it relates
        ("founded when?", "ilo-founded"),
        ("who heads?", "houngbo"),
        # counts, naming nothing it counts
        ("how many are fundamental?", "ilo-conventions-25"),
    ],
)
def test_a_turn_saying_nothing_of_its_subject_is_refused_in_a_new_chat(
    knowledge: Knowledge, turn: str, after_founding: str | None
) -> None:
    """A turn that only asks ("қай жылы?") or refers back and names nothing ("кто им тогда
    руководил?") has nothing to be about in a chat that said nothing before; after a question
    it is read with that one (the ILO's first head is no fact of the articles)."""
    assert dialogue(knowledge, turn)[0].status == "decline"
    follow = dialogue(knowledge, "when was the ILO founded?", turn)[1]
    assert (
        follow.fact.id if follow.fact and follow.status == "answer" else None
    ) == after_founding


def test_a_follow_up_takes_what_the_previous_question_was_about_not_what_it_asked(
    knowledge: Knowledge,
) -> None:
    assert subject_of(knowledge.matcher, "кто возглавляет МОТ?") == "ilo"
    chats = Conversations()
    chats.match(knowledge.matcher, "a", "кто возглавляет МОТ?")
    follow = chats.match(knowledge.matcher, "a", "а когда её основали?")
    assert follow.fact is not None and follow.fact.id == "ilo-founded"


def test_a_follow_up_asking_what_the_fact_does_not_give_is_refused(knowledge: Knowledge) -> None:
    chats = Conversations()
    chats.match(knowledge.matcher, "a", "who is the turkish ambassador to kazakhstan?")
    assert (
        chats.match(knowledge.matcher, "a", "and kazakhstan's ambassador to turkiye?").fact is None
    )
    chats.match(knowledge.matcher, "b", "who heads the ILO?")
    assert chats.match(knowledge.matcher, "b", "where was he born?").fact is None


def test_a_follow_up_asking_a_kind_the_last_answer_gives_is_answered_by_it(
    knowledge: Knowledge,
) -> None:
    for first, then in [
        ("what UN post did Tokayev hold?", "in which years?"),
        ("какую должность в ООН занимал Токаев?", "в какие годы?"),
        ("Тоқаев БҰҰ-да қандай лауазым атқарған?", "қай жылдары?"),
    ]:
        chats = Conversations()
        answered = chats.match(knowledge.matcher, "a", first)
        assert answered.fact is not None and answered.fact.id == "tokayev-geneva", first
        follow = chats.match(knowledge.matcher, "a", then)
        assert follow.fact is not None and follow.fact.id == "tokayev-geneva", then
        assert chats.match(knowledge.matcher, "a", "who replaced him?").status != "answer"


def test_a_follow_up_is_read_with_the_place_the_last_question_named(knowledge: Knowledge) -> None:
    assert "mali" in subject_of(
        knowledge.matcher, "when did Kazakhstan take part in the Mali mission?"
    )
    chats = Conversations()
    chats.match(knowledge.matcher, "a", "when did Kazakhstan take part in the Mali mission?")
    assert chats.match(knowledge.matcher, "a", "why did it end?").status != "answer"


def test_a_follow_up_is_answered_in_its_own_language(knowledge: Knowledge) -> None:
    """The conversation's subject is written in the lexicon's English names; the reply is not."""
    first, follow = dialogue(
        knowledge,
        "сколько казахстанских военных было в Ливане?",
        "а всего за все годы независимости?",
    )
    assert first.fact is not None and first.lang == "ru"
    assert follow.fact is not None and follow.fact.id == "peacekeepers-total"
    assert follow.lang == "ru"


# Follow-ups the conversation's subject must not turn into an answer, each kind in the
# languages its rule is written for (knowledge/words.yaml lists all three).
REFUSED = [
    # A word of substance no text of the answer uses: floors, rooms, an appointment.
    ("when was the Almaty UN building opened?", "how many floors does it have?"),
    ("when was the Almaty UN building opened?", "how many rooms are there?"),
    ("когда открыли новое здание ООН в Алматы?", "сколько в нём этажей?"),
    ("Алматыдағы БҰҰ ғимараты қашан ашылды?", "онда неше қабат бар?"),
    ("who organized the UN80 discussion in Astana?", "when was he appointed?"),
    # A number the answer does not state, though an example question of it may.
    ("how many ILO conventions has Kazakhstan ratified?", "were 30 of them fundamental?"),
    ("how many ILO conventions has Kazakhstan ratified?", "and 12 technical ones?"),
    ("what number UN member state is Kazakhstan?", "was it the 169th?"),
    # A short turn that shares "execution" with the abolition, not "final" or "last".
    ("when did Kazakhstan abolish the death penalty?", "when was the final execution?"),
    ("when did Kazakhstan abolish the death penalty?", "when did the last execution take place?"),
    # A person, after an organisation or of one: its age is not his, though "how old is the
    # ILO" is an example question of its founding.
    ("when was the ILO founded?", "how old is he?"),
    ("who heads the ILO?", "how old is he?"),
    ("когда основали МОТ?", "а сколько лет этому человеку?"),
    ("ХЕҰ қашан құрылды?", "ол кісі неше жаста?"),
    # Someone besides the last answer.
    ("when was Kazakhstan on the Security Council?", "who else was elected then?"),
    ("когда Казахстан был в Совбезе ООН?", "кто ещё был избран тогда?"),
    ("Қазақстан Қауіпсіздік Кеңесіне қашан сайланды?", "тағы кім сайланды?"),
    # Chatter ("ok", "thanks", "спасибо") changes none of that.
    ("how many Kazakh women serve in UN missions?", "thanks! what are their names?"),
    ("who heads the ILO?", "ok, and how old is he?"),
    ("кто возглавляет МОТ?", "спасибо, а сколько ему лет?"),
    # How many of what the last answer counted: the answer mentions them, with no figure.
    ("how many projects did the UN implement in Kazakhstan?", "how many of them helped children?"),
    (
        "how many projects did the UN implement in Kazakhstan?",
        "how many of those were about the economy?",
    ),
    # Several years, of a fact that states one ("since 1992"); a turn that only asks is asked
    # of the last answer, not of a mission that shares none of the conversation's words.
    (
        "how many times has Kazakhstan's leader addressed the General Assembly?",
        "in what years did he do it?",
    ),
    ("сколько раз президент Казахстана выступал на Генассамблее?", "в какие годы?"),
    ("Президент БҰҰ Бас Ассамблеясында неше рет сөз сөйледі?", "қай жылдары?"),
    # A place no mission of the articles was in, asked as the last question was.
    ("how long do Kazakh peacekeepers serve in Lebanon?", "and in Syria?"),
    # A place a mission was in, but what the last question asked (a tour's length) is not
    # stated for it: the years of the mission are no answer.
    ("how long is a peacekeeping rotation in Lebanon?", "and in Mali?"),
    ("how long is the tour of duty for Kazakh troops in Lebanon?", "what about Iraq?"),
    ("сколько длится ротация миротворцев в Конго?", "а в Мали?"),
    ("Конгода бітімгерлердің қызмет мерзімі қанша?", "ал Иракта ше?"),
    # "They" are the women the last question asked about: the missions of all peacekeepers
    # do not say where those women serve.
    (
        "Қазір БҰҰ миссияларында қанша қазақстандық әйел әскери қызметші жүр?",
        "олар қай елдерде қызмет етеді?",
    ),
    ("how many Kazakh women serve in UN missions now?", "in which countries do they serve?"),
    # "This decision": Kazakh "бұл" refers back like "осы", to a deployment with no date.
    (
        "Парламент БҰҰ миссияларына қанша әскери қызметшіні жіберуге рұқсат берді?",
        "бұл шешім қашан қабылданды?",
    ),
    # "Then" is the year of the last answer (1992), which the Secretaries-General's visits
    # do not state.
    ("Когда Казахстан стал членом ООН?", "а кто тогда был генсеком ООН?"),
    # A turn that only asks is asked of the last answer, or of a fact about what the last
    # question asked: the Coalition the ILO thanked Kazakhstan for is no reason to resume a
    # programme.
    ("Which programme did Kazakhstan and the ILO express interest in resuming?", "why?"),
    # A short turn after a question about women is about those women.
    ("Қазір БҰҰ миссияларында қанша қазақстандық әйел әскери қызметші бар?", "қай миссияларда?"),
    # What "he" said, where the last answer reports no one's words.
    (
        "When was the new building of international organizations opened in Almaty?",
        "what did he say there?",
    ),
    # Since when he has held an office is when he took it up, which no fact says.
    ("what's stephen o'malley's position in kazakhstan?", "since when has he been in that role?"),
    ("who is Kairat Umarov?", "how long has he held it?"),
    # "He" is the person the last question named: the panel fact reports others' words.
    ("which country does kapucu represent?", "and what did he say in his speech?"),
    # A short turn naming nothing stays with the conversation: the Secretaries-General's
    # visits are not counted, and the total of peacekeepers is another subject.
    ("which UN secretaries-general have visited Kazakhstan?", "how many times altogether?"),
    # "Before her" asks for her predecessor, whom no fact names.
    ("Кто такая Микаэла Фриберг-Стори?", "а кто был координатором до неё?"),
    ("who is Michaela Friberg-Storey?", "who was the coordinator before her?"),
    # A Russian perfective verb asks of the future by its form: "when will they be sent?"
    ("Сколько военнослужащих парламент разрешил направить в миссии ООН?", "а когда их отправят?"),
]


@pytest.mark.parametrize(("first", "then"), REFUSED)
def test_an_unanswerable_follow_up_is_refused(knowledge: Knowledge, first: str, then: str) -> None:
    answered, follow = dialogue(knowledge, first, then)
    assert answered.fact is not None, first
    assert follow.status != "answer", then


MISSIONS = "which missions have Kazakh officers served in?"
INITIATIVES = "what initiatives has Kazakhstan proposed at the UN?"


@pytest.mark.parametrize(
    ("first", "then", "fact"),
    [
        ("who heads the ILO?", "ok and when was it founded?", "ilo-founded"),
        ("who heads the ILO?", "thanks! and where is it based?", "ilo-headquarters"),
        ("when did Kazakhstan join the UN?", "cool. what number member state was it?", None),
        ("how are Kazakh peacekeepers paid?", "which law says so?", "peacekeeper-salary"),
        # "how long" asks a kind, "go" is a light verb, "tell me more" no continuation
        (MISSIONS, "when did they go to Mali?", "mission-mali"),
        ("when was Kazakhstan elected to the Security Council?", "for how long?", None),
        (INITIATIVES, "tell me more about the nuclear tests day", "nuclear-tests-day"),
        # "within", "в течение", "бойы": over a time, no word the answer must use
        ("how many projects did the UN implement in Kazakhstan?", "within how many years?", None),
        ("сколько проектов ООН реализовала в Казахстане?", "в течение скольких лет?", None),
        ("БҰҰ Қазақстанда қанша жоба іске асырды?", "қанша жыл бойы?", None),
        ("кто возглавляет МОТ?", "понятно, а где её штаб-квартира?", "ilo-headquarters"),
        ("ХЕҰ-ны кім басқарады?", "рахмет, ал штаб-пәтері қайда?", "ilo-headquarters"),
    ],
)
def test_a_chatty_follow_up_is_answered_like_a_plain_one(
    knowledge: Knowledge, first: str, then: str, fact: str | None
) -> None:
    """ "Ok", "thanks", "says", "go", "рахмет" (words.yaml chatter) and "how long" (a kind of
    answer) are no words the answer must use; None: the first turn's answer again."""
    answered, follow = dialogue(knowledge, first, then)
    assert follow.fact is not None, then
    assert follow.fact.id == (fact or (answered.fact and answered.fact.id)), then


def test_a_follow_up_naming_a_number_its_answer_states_is_answered(knowledge: Knowledge) -> None:
    conventions = "how many ILO conventions has Kazakhstan ratified?"
    stated = dialogue(knowledge, conventions, "were 13 of them technical?")[1]
    assert stated.fact is not None and stated.fact.id == "ilo-conventions-25"


def test_a_follow_up_about_a_person_follows_an_answer_about_one(knowledge: Knowledge) -> None:
    follow = dialogue(knowledge, "who heads the ILO?", "when did he visit Kazakhstan?")[1]
    assert follow.fact is not None and follow.fact.id == "ilo-visit-2024"


def test_a_turn_asking_nothing_asks_again_what_the_last_question_asked(
    knowledge: Knowledge,
) -> None:
    """ "And in Western Sahara?" after "how long ... in Lebanon?" asks how long there, not which
    missions there were."""
    first = "how long do Kazakh peacekeepers serve in Lebanon?"
    for place in ("Congo", "Western Sahara"):
        follow = dialogue(knowledge, first, f"and in {place}?")[1]
        assert follow.fact is not None and "one year" in follow.fact.answer["en"], place


def test_a_follow_up_answered_alone_keeps_the_subject_it_did_not_name(
    knowledge: Knowledge,
) -> None:
    """ "Who organized it?" names nothing: the next turn still follows the UN80 discussion, so
    "when was it founded?" is not read as asked of nothing and answered with the ILO's year."""
    turns = dialogue(
        knowledge,
        "how many people took part in the UN80 discussion?",
        "who organized it?",
        "when was it founded?",
    )
    assert [m.fact.id if m.fact else None for m in turns] == [
        "un80-panel",
        "un80-panel-organizers",
        None,
    ]


@pytest.mark.parametrize(
    ("turn", "continuing", "referring", "asking", "personal", "other"),
    [
        ("what about Mali?", True, False, False, False, False),
        ("and when?", True, False, True, False, False),
        ("а в Конго?", True, False, False, False, False),
        ("ал Конгода ше?", True, False, False, False, False),
        ("how old is he?", False, True, True, True, False),
        ("ол кісі қайда туған?", False, True, True, True, False),
        ("кто ещё там был?", False, True, True, False, True),
    ],
)
def test_a_turn_is_read_for_how_it_leans_on_the_conversation(
    knowledge: Knowledge,
    turn: str,
    continuing: bool,
    referring: bool,
    asking: bool,
    personal: bool,
    other: bool,
) -> None:
    """A question word inside "what about" asks nothing; the word lists are all three
    languages'."""
    shape = FollowUps(knowledge.matcher).shape(turn)
    assert (shape.continuing, shape.referring, shape.asking) == (continuing, referring, asking)
    assert (shape.personal, shape.other) == (personal, other)


def test_a_chain_of_follow_ups_keeps_asking_what_its_first_question_asked(
    knowledge: Knowledge,
) -> None:
    """Every "and in X?" of a chain asks how long, as the question before them all did, and
    what a chat remembers stays within its bound however long the chain."""
    chats = Conversations()
    chats.match(knowledge.matcher, "a", "how long do Kazakh peacekeepers serve in Lebanon?")
    for place in ["Congo", "Western Sahara"] * 10:
        follow = chats.match(knowledge.matcher, "a", f"and in {place}?")
        assert follow.fact is not None and "one year" in follow.fact.answer["en"], place
    turn = chats.recall("a")
    assert turn is not None and len(turn.subject) <= MAX_SUBJECT_CHARS


def test_a_place_swapped_in_a_follow_up_is_no_word_the_answer_must_use(
    knowledge: Knowledge,
) -> None:
    """ "А в Кот-д'Ивуаре?" after Iraq asks when, of another mission: the place it swaps out
    is no word the new answer must use."""
    for first, then, fact in [
        ("когда казахстанские офицеры были в Ираке?", "а в Кот-д'Ивуаре?", "mission-cote-divoire"),
        ("Қазақстан офицерлері Иракта қашан болды?", "ал Непалда ше?", "mission-nepal"),
    ]:
        follow = dialogue(knowledge, first, then)[1]
        assert follow.fact is not None and follow.fact.id == fact, then


def test_a_person_is_referred_to_by_a_whole_phrase_not_its_words(knowledge: Knowledge) -> None:
    """ "Ол әйел" ("that woman") ties a turn to the conversation; "әйел" alone ("women") is
    what the turn asks about, which the answer must use."""
    reading = FollowUps(knowledge.matcher)
    assert fold("әйел") not in reading.own_words("ол әйел қайда туған?").split()
    assert fold("әйел") in reading.own_words("олардың нешеуі әйел?").split()
    assert fold("женщина") in reading.own_words("а какая женщина там выступала?").split()


def test_the_assembly_debates_are_its_general_debate(knowledge: Knowledge) -> None:
    """ "The General Assembly debates" reads "General Assembly" as one term: "debates" alone must
    still be the general debate (knowledge/lexicon.yaml), not a word no answer uses."""
    visits = "how many times has the president of Kazakhstan been to UN headquarters?"
    then = "how many times did he take part in the General Assembly debates?"
    follow = dialogue(knowledge, visits, then)[1]
    assert follow.status == "answer" and follow.fact is not None
    assert follow.fact.id == "presidential-visits"


@pytest.mark.parametrize(
    ("first", "then"),
    [
        ("how many ILO conventions has Kazakhstan ratified?", "how many of them are fundamental?"),
        ("сколько конвенций МОТ ратифицировал Казахстан?", "а сколько из них технических?"),
        ("ХЕҰ-ның қанша конвенциясын Қазақстан бекітті?", "олардың ішінде нешеуі техникалық?"),
    ],
)
def test_how_many_of_them_is_answered_where_the_answer_counts_them(
    knowledge: Knowledge, first: str, then: str
) -> None:
    """ "How many of them are fundamental?": the conventions' answer gives a figure next to
    "fundamental" ("8 fundamental"), so the part is counted (words.yaml parts)."""
    answered, follow = dialogue(knowledge, first, then)
    assert follow.status == "answer" and follow.fact is not None
    assert answered.fact is not None and follow.fact.id == answered.fact.id


@pytest.mark.parametrize(
    ("first", "then"),
    [
        ("what post did Tokayev hold at the UN?", "which years?"),
        ("Тоқаев БҰҰ-да қандай қызмет атқарды?", "қай жылдары?"),
        ("сколько раз президент выступал в ООН?", "в каком году?"),
    ],
)
def test_a_turn_that_only_asks_is_asked_of_the_last_answer(
    knowledge: Knowledge, first: str, then: str
) -> None:
    """ "Which years?" of a post held 2011-2013 is answered by it; "в каком году?" asks one year,
    which "since 1992" gives."""
    answered, follow = dialogue(knowledge, first, then)
    assert follow.status == "answer" and answered.fact is not None
    assert follow.fact == answered.fact


def test_a_turn_that_only_asks_may_be_answered_by_a_fact_about_the_same(
    knowledge: Knowledge,
) -> None:
    """ "By whom?" after the ILO's founding is answered by the fact that the League of Nations
    founded it, which uses the words of the question before: founded, ILO."""
    founded, by_whom = dialogue(knowledge, "When was the ILO founded?", "by whom?")
    assert founded.fact is not None and by_whom.status == "answer" and by_whom.fact is not None
    assert "League of Nations" in by_whom.fact.answer["en"]


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        # a possessive refers back inside the question
        ("How much more are Kazakh peacekeepers paid than their normal salary?",
         "peacekeeper-salary"),
        # a pronoun, with the person named
        ("Botagoz Rakisheva - what is her job?", "rakisheva"),
        # a determiner whose noun names what is meant
        ("сол алматыдағы ғимаратта бұұ-ның неше құрылымы орналасқан", "almaty-un-building"),
        # "they", anyone; "these days", a time
        ("What do they check when selecting candidates for peacekeeping missions?",
         "peacekeeper-selection"),
        ("who's the head of the ILO these days?", "houngbo"),
    ],
)  # fmt: skip
def test_a_full_question_with_a_pronoun_opens_a_chat(
    knowledge: Knowledge, question: str, fact_id: str
) -> None:
    """The first message of a chat is answered as the eval reads it alone, though it uses a
    pronoun: only one standing for something said before needs a conversation."""
    first = dialogue(knowledge, question)[0]
    assert first.fact is not None and first.fact.id == fact_id


@pytest.mark.parametrize(
    "question", ["what is her job?", "what positions do they hold?", "since when?"]
)
def test_a_short_turn_that_refers_back_and_names_no_one_opens_no_chat(
    knowledge: Knowledge, question: str
) -> None:
    assert dialogue(knowledge, question)[0].status == "decline"


def test_what_he_said_follows_the_person_of_the_last_answer(knowledge: Knowledge) -> None:
    """ "Что он сказал о послании Токаева?" after the ILO's head asks what Houngbo said."""
    head, said = dialogue(knowledge, "Кто возглавляет МОТ?", "что он сказал о послании Токаева?")
    assert head.fact is not None and said.fact is not None
    assert said.fact.id == "ilo-praises-address"


def test_what_he_said_is_asked_of_the_person_named_before(knowledge: Knowledge) -> None:
    """ "He" is Umarov, named by the question before: still answered by a fact reporting his
    words, now that "he" reads as Umarov (after Kapucu, whose words no fact reports, it is
    refused: REFUSED above)."""
    _, said = dialogue(knowledge, "who is Kairat Umarov?", "what did he say about the UN?")
    assert said.fact is not None
    assert "Umarov" in said.fact.answer["en"] and "He said" in said.fact.answer["en"]


def test_a_short_turn_naming_a_place_keeps_to_the_topic(knowledge: Knowledge) -> None:
    """ "They" after peacekeepers' pay, and Lebanon says what the turn is about."""
    _, served = dialogue(
        knowledge,
        "how much do kazakh peacekeepers get paid?",
        "how long do they serve in lebanon?",
    )
    assert served.fact is not None and served.fact.id == "mission-lebanon"


def test_a_turn_asked_again_is_not_answered_by_a_fact_without_what_it_asks(
    knowledge: Knowledge,
) -> None:
    """ "And in all missions overall?" after how many served in Lebanon asks how many: the
    list of missions names them all but counts no one."""
    first, overall = dialogue(
        knowledge,
        "How many Kazakh military personnel have taken part in the UN Interim Force in Lebanon?",
        "and in all un missions overall?",
    )
    assert first.fact is not None and first.fact.id == "unifil-538"
    assert overall.status != "answer" or "thousand" in overall.facts[0].answer["en"]


def test_that_opening_what_was_said_refers_to_nothing(knowledge: Knowledge) -> None:
    """ "Who said that global problems require global solutions?" opens a chat: its "that"
    introduces the words said, while "who said that?" and "that speech" still refer back."""
    said, title = dialogue(
        knowledge, "Who said that global problems require global solutions?", "what's his title?"
    )
    assert said.fact is not None and said.fact.id == "omalley"
    assert title.status == "answer"
    assert dialogue(knowledge, "who said that?")[0].status == "decline"
    assert dialogue(knowledge, "who praised that speech?")[0].status == "decline"


def test_how_many_of_them_in_kazakh_is_a_part_of_the_last_answer(knowledge: Knowledge) -> None:
    """ "Қаншасы" asks how many of the 23 UN entities: the Almaty building's 16."""
    _, part = dialogue(
        knowledge,
        "Қазақстанда БҰҰ жүйесінің қанша құрылымы бар?",
        "ал Алматыдағы жаңа ғимаратта қаншасы орналасқан?",
    )
    assert part.fact is not None and "16" in part.fact.answer["en"]


# Third turns the conversation must not turn into an answer, though the turns before are.
REFUSED_THIRD = [
    # After "and Nepal?", answered by the list of missions, "there" is Nepal: the total of
    # peacekeepers names it nowhere.
    (
        "Did Kazakh officers take part in a peacekeeping mission in Iraq, and when?",
        "and nepal?",
        "how many soldiers went there?",
    ),
    # "What about Mali?" is answered by the list naming Mali: "there" is then Mali.
    (
        "In which UN missions are Kazakh officers serving to this day?",
        "what about Mali?",
        "how many served there?",
    ),
    # "Which ones?" after the 16 entities in the Almaty building asks their names, which no
    # fact lists.
    (
        "how many UN system entities are represented in Kazakhstan?",
        "and how many of them are in the Almaty building?",
        "which ones?",
    ),
    # "He" stays the person the conversation named two turns back, though the second turn
    # named a year: the Turkish ambassador's post is not Rakhmetullin's.
    (
        "what position does akan rakhmetullin hold?",
        "what did he credit the un with since 1945?",
        "which country was he ambassador to before that?",
    ),
]


@pytest.mark.parametrize(("first", "second", "third"), REFUSED_THIRD)
def test_an_unanswerable_third_turn_is_refused(
    knowledge: Knowledge, first: str, second: str, third: str
) -> None:
    *_, last = dialogue(knowledge, first, second, third)
    assert last.status != "answer", third


@pytest.mark.parametrize(
    ("turn", "answered"),
    [
        ("what about gender equality, is that one of them?", True),
        ("is gender equality one of them?", True),  # not the framework, which names it too
        ("is gender equality one of those?", True),
        ("а гендерное равенство — одно из них?", True),
        ("гендерлік теңдік солардың бірі ме?", True),
        ("is nuclear safety one of them?", False),  # no area the answer names
    ],
)
def test_one_of_them_asks_of_what_the_last_answer_named(
    knowledge: Knowledge, turn: str, answered: bool
) -> None:
    """ "One of them" ties a turn to the list just given and asks nothing itself: its "one" is
    no word the answer must use."""
    areas = "what key areas will the un focus on in kazakhstan in the coming years?"
    first, second = dialogue(knowledge, areas, turn)
    assert first.fact is not None and first.fact.id == "un-focus-areas"
    if answered:
        assert second.status == "answer" and second.fact == first.fact
    else:
        assert second.status != "answer"


def test_what_it_is_for_asks_the_purpose_the_last_answer_gives(knowledge: Knowledge) -> None:
    """ "What is it for?" after the coalition Kazakhstan joined: the answer says what the ILO
    promotes it for."""
    joined, purpose = dialogue(
        knowledge,
        "what coalition did the ilo chief thank kazakhstan for joining?",
        "what is it for",
    )
    assert joined.fact is not None and joined.fact.id == "global-coalition-social-justice"
    assert purpose.status == "answer" and purpose.fact == joined.fact


def test_a_short_turn_the_answer_words_follows_its_topic(knowledge: Knowledge) -> None:
    """ "What programme did they want to resume?" after the address the ILO's head praised
    names no one, but the Decent Work programme's answer uses its words (programme, resume):
    it is the ILO meeting's other fact, not a hijack."""
    praised, programme = dialogue(
        knowledge,
        "which tokayev address did the ilo director general praise?",
        "what programme did they want to resume?",
    )
    assert praised.fact is not None and praised.fact.id == "ilo-praises-address"
    assert programme.status == "answer" and programme.fact is not None
    assert programme.fact.id == "ilo-decent-work-programme"


def test_a_turn_naming_only_what_was_just_said_is_no_new_question(knowledge: Knowledge) -> None:
    """ "What year was the first visit?" after the President's visits to New York names only
    the visits just spoken of: Houngbo's first visit to Kazakhstan, which the turn finds on its
    own, is not what it asks. Asked alone, the same words still find Houngbo's visit."""
    visits, first = dialogue(
        knowledge,
        "how many times has the president of kazakhstan visited un headquarters in new york?",
        "what year was the first visit",
    )
    alone = knowledge.matcher.match("what year was the first visit")
    assert visits.fact is not None and visits.fact.id == "presidential-visits"
    assert first.status != "answer"
    assert alone.status == "answer" and alone.fact is not None
    assert alone.fact.id == "ilo-visit-2024"


def test_a_person_swapped_in_lower_case_is_asked_what_was_asked(knowledge: Knowledge) -> None:
    """ "And dauren aben?" after "who is botagoz rakisheva?" asks who Aben is: the name asked
    before is swapped out though typed without capitals, so his answer need not name her."""
    rakisheva, aben = dialogue(knowledge, "who is botagoz rakisheva?", "and dauren aben?")
    assert rakisheva.fact is not None and rakisheva.fact.id == "rakisheva"
    assert aben.status == "answer" and aben.fact is not None and aben.fact.id == "aben"


def test_a_turn_asked_of_the_last_answer_meets_the_checks_of_one_asked_alone(
    knowledge: Knowledge,
) -> None:
    """ "Where was the 2024 Summit of the Future held?" after its outcome documents, and "how
    many of those 400 projects supported refugees?" after the 400 projects, are refused alone
    (no clause about the summit names a place; the count asked is the one given): asked of the
    last answer, they are refused too."""
    _, where = dialogue(
        knowledge,
        "what were the outcome documents of the 2024 summit of the future?",
        "where was the 2024 summit of the future held?",
    )
    _, refugees = dialogue(
        knowledge,
        "how many projects has the un implemented in kazakhstan?",
        "how many of those 400 projects supported refugees?",
    )
    assert where.status != "answer" and refugees.status != "answer"


def test_a_follow_up_and_its_context_read_as_one_sentence(knowledge: Knowledge) -> None:
    """ "Малиде ше?" after the tour of duty in Lebanon, then Congo, asks how long a tour is in
    Mali, which no fact states: the context joined after its question mark is no remark to
    read lightly."""
    *_, mali = dialogue(knowledge, "Ливанда кызмет мерзими канша?", "ал Конгода ше?", "Малиде ше?")
    assert mali.status != "answer"
