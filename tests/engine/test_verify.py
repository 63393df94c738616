"""Verification: near misses that share a fact's words but ask something else are refused."""

from __future__ import annotations

import pytest

from bot.engine.generation import Knowledge
from bot.engine.speech import ANYONE, SPOKE, Speakers


@pytest.mark.parametrize(
    "question",
    [
        "what is the capital of Kazakhstan",
        "who is the Prime Minister of Kazakhstan",
        "will Kazakhstan be elected to the Security Council again",
        "I was wondering, will Kazakhstan be elected to the Security Council again?",
        "how many Kazakh peacekeepers died",
        "when did Uzbekistan join the UN",
        "когда Казахстан вступил в НАТО",
        "АҚШ Қазақстанның орта державалар туралы ұстанымын қолдай ма?",  # the USA, in Kazakh
        "кто создал Лигу Наций",  # guarded by the English "who founded the league of nations"
        # a predecessor, which the ILO's Coalition fact does not name ("алдын алу", to
        # prevent, stems as "алдыңғы", previous)
        "who was the previous head of the ilo",
        # the United States, also in lower case before an office: not the pronoun "us"
        "current us president",
        "who is the U.S. ambassador to kazakhstan",
        # the last of something: the abolition of the death penalty names no last execution
        "когда в Казахстане была последняя казнь?",
        "Қазақстанда соңғы өлім жазасы қашан орындалды?",
        "When did the Kazakh president last speak at the General Assembly?",
        # a time ahead no fact states: the 430's deployment "will strengthen" security
        "Will Kazakhstan send peacekeepers to a new UN mission next year?",
        "Келесі жылы Қазақстан қай жаңа БҰҰ миссиясына әскер жібермек?",
        # where someone studied: "Strategic Studies" is an institute's name, no education
        "where did dauren aben study",
        "где учился Токаев?",
        # when a mission will end: those under way say only since when
        "Орталық Африка Республикасындағы миссия қашан аяқталады?",
        "когда закончится миссия в Центральноафриканской Республике?",
        # a city: the training centre is where peacekeepers train, in no city an article names
        "в каком городе Центр миротворческих операций",
        "Қорғаныс министрлігінің бітімгерлік операциялар орталығы қай қалада?",
        "In which city do Kazakh peacekeepers serve in Lebanon?",  # a country is no city
        # a count of a group: the 8 women serving now are not all of them
        "how many Kazakh peacekeepers are serving now?",
        "қазір қанша қазақстандық бітімгер қызмет етеді?",
        "What country is Michaela Friberg-Storey from?",  # an origin, not a place
        "Кто руководил МОТ до Хунгбо?",  # the lexicon's other spelling of Houngbo
        "What position did Tokayev hold before Geneva?",  # his post before that one
        # the level a measure stands at: "life expectancy has grown" gives none
        "What is the current life expectancy in Kazakhstan in years?",
        "какова текущая продолжительность жизни в казахстане?",
        "Who was Kazakhstan's permanent representative to the UN during its Council term?",
        # no fact counts the Secretaries-General's visits; the President's are his own
        "exactly how many official visits have un secretaries-general made to kz",
        # since when someone has held a post is when they took it up, which no fact states
        "since when has akan rakhmetullin been first deputy foreign minister",
        "how long has kazakhstan's president tokayev been in office",
        "since when has president kassym-jomart tokayev held office",
        "Рахметуллин қашаннан бері Сыртқы істер министрінің бірінші орынбасары?",
        # becoming a post qualified twice ("first deputy"): no fact says when
        "On what date did Kairat Umarov become first deputy foreign minister?",
    ],
)
def test_matcher_refuses_a_near_miss(knowledge: Knowledge, question: str) -> None:
    assert knowledge.matcher.match(question).status != "answer"


def test_since_when_a_country_has_been_a_member_is_answered(knowledge: Knowledge) -> None:
    """Only a person "has been" in a post since taking it up: a member state since joining."""
    for question in (
        "since when has kazakhstan been a member of the un",
        "Қазақстан қашаннан бері БҰҰ мүшесі?",
    ):
        match = knowledge.matcher.match(question)
        assert match.status == "answer" and match.fact is not None, question
        assert match.fact.id == "un-membership"


def test_matcher_still_answers_the_deputy_prime_minister_when_asked(
    knowledge: Knowledge,
) -> None:
    match = knowledge.matcher.match("who is the deputy prime minister of kazakhstan")
    assert match.status == "answer"


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        ("Hi there! I'm visiting Astana next month and I was wondering when Kazakhstan joined "
         "the UN?", "un-membership"),
        ("I will write an essay tomorrow. When did Kazakhstan join the UN?", "un-membership"),
        ("Келесі айда Алматыға барамын, білгім келеді, БҰҰ ғимараты қашан ашылды?",
         "almaty-un-building"),  # Kazakh asks mid-sentence, after the filler
        # the opening before the filler may name the subject: it is kept, lightly
        ("For the Lebanon mission, I was wondering how many peacekeepers Kazakhstan sent?",
         "unifil-538"),
        # "before" a name and a verb is a time, not a predecessor
        ("Before Tokayev became president, what post did he hold at the UN?", "tokayev-geneva"),
        ("What place in order was Kazakhstan among UN member states?", "un-membership"),  # a rank
        ("Қазақстан БҰҰ-ның 80 жылдығын қалай атап өтті?", "un80-anniversary"),  # celebrated
        ("Hi! I'm a tourist visiting Almaty next week. Is there a UN building there, and when "
         "did it open?", "almaty-un-building"),
        # a preamble's known words ask nothing ("ambassador" is no role asked here)
        ("My ambassador is preparing a speech: which UN job did Tokayev hold, and in which "
         "years?", "tokayev-geneva"),
        # a question naming one of the people says enough by itself
        ("Saw a name in the news and got confused: who is Stephen O'Malley?", "omalley"),
        # the article the asker read is not what is asked
        ("What areas is the UN going to concentrate on in Kazakhstan in the coming years, per "
         "the 30-year anniversary article?", "un-focus-areas"),
        # "first deputy" is a title, not "the first ever"
        ("Which First Deputy Foreign Minister of Kazakhstan addressed the UN80 discussion in "
         "Astana?", "un80-panel-speakers"),
        ("Who were the organisers of the panel on the UN's 80th anniversary in Kazakhstan?",
         "un80-panel-organizers"),
    ],
)  # fmt: skip
def test_the_askers_plans_are_not_what_is_asked(
    knowledge: Knowledge, question: str, fact_id: str
) -> None:
    match = knowledge.matcher.match(question)
    assert match.status == "answer" and match.fact is not None and match.fact.id == fact_id


def test_matcher_reads_a_question_behind_a_conversational_opening(knowledge: Knowledge) -> None:
    match = knowledge.matcher.match("I'm curious: when did Kazakhstan join the UN?")
    assert match.fact is not None and match.fact.id == "un-membership"


@pytest.mark.parametrize(
    "question",
    ["which UN missions has Kazakhstan taken part in", "в каких миссиях ООН участвует Казахстан"],
)
def test_matcher_answers_a_which_question_with_the_fact_that_lists(
    knowledge: Knowledge, question: str
) -> None:
    match = knowledge.matcher.match(question)
    assert match.fact is not None and match.fact.id == "peacekeeping-missions"


@pytest.mark.parametrize(
    ("reversed_question", "asked_right_way", "name"),
    [
        ("who is kazakhstan's ambassador to turkiye", "who is turkiye's ambassador to kazakhstan",
         "Kapucu"),
        ("who is the ambassador of kazakhstan to brazil", "ambassador of brazil to kazakhstan",
         "Biato"),
        ("кто посол казахстана в турции", "кто посол турции в казахстане", "Капуджу"),
        ("кто посол РК в Турции", "кто посол Турции в РК", "Капуджу"),  # the abbreviation
        ("қазақстанның түркиядағы елшісі кім", "түркияның қазақстандағы елшісі кім", "Капуджу"),
        ("Түркиядағы Қазақстан елшісі кім", "Түркияның Қазақстандағы елшісі кім", "Капуджу"),
    ],
)  # fmt: skip
def test_a_directed_role_asked_the_other_way_is_refused(
    knowledge: Knowledge, reversed_question: str, asked_right_way: str, name: str
) -> None:
    assert knowledge.matcher.match(reversed_question).status != "answer"
    match = knowledge.matcher.match(asked_right_way)
    assert match.fact is not None and name in match.fact.answer[match.lang]


def test_a_year_the_fact_does_not_state_is_refused(knowledge: Knowledge) -> None:
    assert knowledge.matcher.match("what did kazakhstan and the un agree in 1997").fact is None
    match = knowledge.matcher.match(
        "what happened to kazakhstan and the un security council in 2017"
    )
    assert match.fact is not None and "2017" in match.fact.answer["en"]


def test_a_where_question_prefers_the_fact_that_names_a_place(knowledge: Knowledge) -> None:
    match = knowledge.matcher.match("where is the ilo headquartered")
    assert match.fact is not None and "Geneva" in match.fact.answer["en"]
    assert knowledge.matcher.match("where was tokayev born").status != "answer"
    city = knowledge.matcher.match("in which city is the UN headquarters?")
    assert city.fact is not None and "New York" in city.fact.answer["en"]


def test_the_current_framework_is_no_question_about_the_present(knowledge: Knowledge) -> None:
    """ "Current" asks a measure's level now, but says no tense of its own."""
    match = knowledge.matcher.match(
        "What period does the current cooperation framework between Kazakhstan and the UN cover?"
    )
    assert match.fact is not None and "2021" in match.fact.answer["en"]


def test_a_time_ahead_is_answered_by_a_fact_stating_it(knowledge: Knowledge) -> None:
    """ "The next few years" is what "in the coming years" (ru "в ближайшие годы") states: not
    refused as "next year". A term matches as a bag of words: "coming years" would also have
    been asked by any "come" and "year", "when last" by "how long did it last, and when"."""
    match = knowledge.matcher.match(
        "What will the UN focus on in Kazakhstan in the next few years?"
    )
    assert match.fact is not None and match.fact.id == "un-focus-areas"
    came = knowledge.matcher.match("What year did Houngbo come to Kazakhstan?")
    assert came.fact is not None and "2024" in came.fact.answer["en"]
    lasted = knowledge.matcher.match("how long did the Iraq mission last?")
    assert lasted.fact is not None and "2003" in lasted.fact.answer["en"]


@pytest.mark.parametrize(
    ("unanswerable", "answerable", "fact_id"),
    [
        # "why" is answered only by a fact that gives a reason (or was written to answer it).
        ("why did kazakhstan stop its mission in mali",
         "why does kazakhstan send peacekeepers to un missions", "peacekeeping-benefits"),
        ("почему казахстан ушел из миссии в мали",
         "зачем казахстан участвует в миротворчестве", "peacekeeping-benefits"),
        # An exact day is answered only by a fact that gives one, not by a year.
        ("on which exact date did the astana un80 panel take place",
         "on what date exactly did kazakhstan become a member of the un", "un-membership"),
        # "still", "now": only a fact that states how things stand now (or was written for it).
        ("is nurtleu still minister of foreign affairs",
         "how many kazakh women are serving in un missions at the moment", "women-peacekeepers"),
        ("нуртлеу всё ещё министр иностранных дел?",
         "сколько казахстанских женщин сейчас служат в миссиях оон", "women-peacekeepers"),
        ("is the ilo director-general still houngbo",
         "is kazakhstan still in the mali mission", "mission-mali"),
        # "Before" a person's full name asks their predecessor too.
        ("who was kazakhstan's foreign minister before murat nurtleu",
         "who is kazakhstan's foreign minister", "nurtleu"),
        # "Before" alone asks no predecessor ("before her" had read as "before").
        ("who succeeded tokayev at the un office in geneva",
         "did tokayev work at the un before he became president", "tokayev-geneva"),
        # Signing and ratifying are relations: the Compact was adopted, not signed.
        ("when did kazakhstan sign the global digital compact",
         "which protocol did kazakhstan ratify to abolish the death penalty",
         "death-penalty-abolished"),
        ("казахстан подписал глобальный цифровой договор?",
         "сколько конвенций МОТ ратифицировал казахстан", "ilo-conventions-25"),
        ("қазақстан жаһандық цифрлық шартқа қол қойды ма",
         "how many ilo conventions has kazakhstan ratified", "ilo-conventions-25"),
        # A month is not answered by a year.
        ("what month did kazakhstan sign the child rights protocol in 2022",
         "when did kazakhstan sign the child rights protocol",
         "child-rights-communications-protocol"),
        ("в каком месяце 2022 года казахстан отменил смертную казнь",
         "в каком году казахстан отменил смертную казнь", "death-penalty-abolished"),
        # The names of what a fact only counts.
        ("which 16 un bodies sit in the almaty building",
         "how many un entities are in the almaty building", "almaty-un-building"),
        ("which are the 8 fundamental ilo conventions kazakhstan has ratified",
         "how many ilo conventions has kazakhstan ratified", "ilo-conventions-25"),
        ("Алматыдағы ғимараттағы 16 ұйымның аттары қандай",
         "how many un entities are in the almaty building", "almaty-un-building"),
        # A person the fact does not name: the count is of every president's speeches.
        ("how many times did nazarbayev speak at the general assembly",
         "how many times has kazakhstan's president spoken at the general debate",
         "presidential-visits"),
        ("сколько раз токаев выступал на генассамблее",
         "какую должность занимает рахметуллин", "rakhmetullin"),
        ("назарбаев бас ассамблеяда неше рет сөйледі",
         "what position does akan rakhmetullin hold", "rakhmetullin"),
        # A part of the whole the fact counts.
        ("how many of the un projects in kazakhstan dealt with education",
         "how many projects has the un carried out in kazakhstan", "un-projects-400"),
        ("of the roughly one thousand kazakh un peacekeepers, how many were officers?",
         "how many kazakh peacekeepers have served in un missions since independence",
         "peacekeepers-total"),
        ("сколько из визитов президента в нью-йорк пришлось на токаева",
         "сколько раз президент казахстана был в штаб-квартире оон", "presidential-visits"),
        # A year is not answered by a day of a month, nor "which years" by a single year.
        ("in what year was the march 10 event marking 30 years of the un in kazakhstan",
         "when did kazakhstan join the un", "un-membership"),
        ("в каком году было мероприятие 10 марта к 30-летию оон в казахстане",
         "в каком году казахстан вступил в оон", "un-membership"),
        ("in which years did the kazakh president travel to un headquarters",
         "in which years did tokayev head the un office at geneva", "tokayev-geneva"),
        # "Where" is answered only by a fact that names a place (or was written to say where).
        ("where does the congress of leaders of world and traditional religions meet",
         "where is the ilo headquartered", "ilo-headquarters"),
        # A head of a department does not head the institute ("who heads X").
        ("who heads the kazakhstan institute for strategic studies",
         "who heads the international security department at kaziss",
         "aben"),
        ("кто руководит казахстанским институтом стратегических исследований",
         "кто возглавляет отдел международной безопасности киси", "aben"),
        ("ливандағы қазақстандық контингентті кім басқарады",
         "how many kazakh peacekeepers serve in lebanon", "mission-lebanon"),
        # "How many" of a fact with no figure ("one of its initiatives" counts nothing).
        ("how many leaders attend the congress of leaders of world and traditional religions",
         "how many un entities are in the almaty building", "almaty-un-building"),
        # "Before" or "after" a person asks who came before or after them.
        ("who had the geneva un job before tokayev",
         "what un post did tokayev hold in geneva", "tokayev-geneva"),
        ("кто был постоянным координатором оон в казахстане до фриберг-стори",
         "кто такая микаэла фриберг-стори", "friberg-storey"),
        ("какая страна центральной азии вошла в совбез после казахстана",
         "когда казахстан был членом совбеза", "security-council-term"),
        ("тоқаевқа дейін женевадағы бұл қызметті кім атқарды",
         "тоқаев бұрын бұұ-да қандай қызмет атқарған", "tokayev-geneva"),  # "earlier"
        # A period is no count: "up to one year" does not say how many serve in Congo now.
        ("сколько казахстанских военных сейчас служит в конго",
         "how long do kazakh officers serve in congo", "mission-congo"),
        # A tour of service is not how long the mission lasted.
        ("малиде қызмет ету мерзімі қанша болған",
         "how long did kazakhstan serve in mali", "mission-mali"),
        # How many now: a total since 2018 does not say how many are there at the moment.
        ("how many kazakh peacekeepers are deployed in lebanon at the moment",
         "how many un entities are in kazakhstan now", "un-entities-count"),
        # A group of people is named like a place: the total who served says nothing of women.
        ("сколько женщин казахстанок служило в ливане",
         "how many kazakh women serve in un missions", "women-peacekeepers"),
        # A name is asked: the Western Sahara fact never names its mission.
        ("what is the name of the un mission in western sahara where kazakh officers serve",
         "what is the name of the un mission in lebanon", "mission-lebanon"),
        ("как называется миссия оон в западной сахаре",
         "с какого года казахстанские офицеры служат в западной сахаре",
         "mission-western-sahara"),
        # The question already holds the fact's figure, and asks what the fact does not list.
        ("which countries will the 430 soldiers be sent to",
         "how many soldiers did parliament approve to send to un missions", "peacekeepers-430"),
        ("в какие страны отправят 430 военных",
         "сколько военных парламент разрешил отправить в миссии оон", "peacekeepers-430"),
        ("430 әскер қай елдерге жіберіледі",
         "парламент бітімгерлік миссияларға қанша әскер жіберуді мақұлдады", "peacekeepers-430"),
        # "What exact day": a day, which a fact stating only the year 2000 does not give.
        ("on what exact day was security council resolution 1325 adopted",
         "on what date exactly did kazakhstan become a member of the un", "un-membership"),
        # "By how much" needs a figure next to what it measures: the five-fold fall is newborn
        # deaths', not life expectancy's.
        ("by how much has life expectancy in kazakhstan grown",
         "by how much have newborn deaths in kazakhstan fallen", "life-expectancy-newborn-deaths"),
        ("by how many years has life expectancy in kazakhstan grown",
         "by how many times have newborn deaths in kazakhstan fallen",
         "life-expectancy-newborn-deaths"),
        # ... and the question's own years ("за 30 лет") are no figure of what it measures.
        ("на сколько лет выросла продолжительность жизни в казахстане за 30 лет",
         "во сколько раз снизилась смертность новорождённых за 30 лет",
         "life-expectancy-newborn-deaths"),
        # "Name all the missions" commands a list: its "name" is no name the fact gives, so
        # the list does not answer what the Nepal mission was called.
        ("what was the name of the un mission in nepal",
         "name all the missions kazakhstan took part in", "peacekeeping-missions"),
        # ... so is "name" after an auxiliary and its subject, which asks a list in so many
        # words: a fact listing no countries does not answer it.
        ("which countries did temirbolat name as middle powers",
         "can you name the un missions kazakh officers have served in", "peacekeeping-missions"),
        ("what was the name of the un mission in nepal",
         "which ones did umarov name as recognized by the world", "initiatives-recognized"),
        # Where someone is from is no place where something is: no answer says it of Houngbo.
        ("where is gilbert houngbo from", "who is gilbert houngbo", "houngbo"),
        ("откуда родом гилберт унгбо", "кто возглавляет мот", "houngbo"),
        # A measure's present level needs a figure of it: "life expectancy has grown" gives none.
        ("what is life expectancy in kazakhstan now",
         "what happened with life expectancy in kazakhstan over 30 years",
         "life-expectancy-newborn-deaths"),
        ("қазір қазақстанда өмір сүру ұзақтығы қандай",
         "по словам координатора оон, как изменилась продолжительность жизни за 30 лет",
         "life-expectancy-newborn-deaths"),
        # Taking an office is a relation: the date of the ILO head's visit is not when he
        # became head.
        ("when did gilbert houngbo become head of the ilo", "who is the head of the ilo",
         "houngbo"),
        ("who took over the un office in geneva from tokayev",
         "when did tokayev become head of the un office at geneva", "tokayev-geneva"),
        # "Became" beside an office asks about taking it, in the order each language uses.
        ("Тоқаев қай жылы Президент болды?",
         "when did Tokayev become director-general in Geneva", "tokayev-geneva"),
        # A count, asked without "how many"; a commander, in a Kazakh possessive.
        ("number of kz officers in western sahara now", "number of un entities in kazakhstan",
         "un-entities-count"),
        ("Ливандағы БҰҰ уақытша күштерінің қолбасшысы кім?",
         "Ливанда қазақстандық бітімгерлер қашаннан бері қызмет етеді?", "mission-lebanon"),
        # "How long": "from 2011 to 2013" is a length of time too.
        ("how long did kazakhstan's women peacekeepers serve in lebanon",
         "how long did tokayev head the un office in geneva", "tokayev-geneva"),
        # "First" before an office asks for its first holder, not for a first visit.
        ("who was the first foreign minister of kazakhstan",
         "who was the first president of kazakhstan", "nazarbayev"),
        # A first deputy is no deputy, and a plain role's out-of-scope question does not
        # guard a qualified one.
        ("who is the first deputy prime minister of kazakhstan",
         "which first deputy foreign minister spoke at the march 10 event marking three "
         "decades of un presence in kazakhstan", "un-30-years-event"),
        # A qualifier must qualify the role asked: a Director-General and a Deputy Prime
        # Minister make no deputy director-general.
        ("who is the deputy director-general of the ilo",
         "who is the deputy prime minister of kazakhstan", "nurtleu"),
        # "Where" needs a place in the clause about what is asked: the summit's fact names
        # Astana only for the UN80 discussion.
        ("where was the 2024 summit of the future held", "where is the ilo headquartered",
         "ilo-headquarters"),
        ("Болашақ саммиті қай қалада өтті?", "where was the un80 panel held", "un80-panel"),
        # A venue: Astana is where the panel was, not in which building.
        ("в каком здании в астане проходила дискуссия к 80-летию оон",
         "when was the new building of international organizations opened in almaty",
         "almaty-un-building"),
        # "In which countries", plural, asks where, in Russian and Kazakh as in the singular.
        ("қазақстандық әйел бітімгерлер қай елдерде қызмет етеді",
         "қазақстан бітімгерлері қай елдерде қызмет етті", "peacekeeping-missions"),
        # What a person said: a fact reporting someone else's words about them is no answer.
        ("what did tokayev say about gilbert houngbo",
         "what did houngbo say about tokayev's address", "ilo-praises-address"),
        ("что сказал посол турции мустафа капуджу на дискуссии",
         "what did temirbolat say about middle powers in the security council",
         "middle-powers-security-council"),
        ("ботагөз ракишева пікірталаста не айтты",
         "что сказал хунгбо о послании токаева", "ilo-praises-address"),
    ],
)  # fmt: skip
def test_a_question_is_answered_only_by_a_fact_that_gives_what_it_asks(
    knowledge: Knowledge, unanswerable: str, answerable: str, fact_id: str
) -> None:
    assert knowledge.matcher.match(unanswerable).status != "answer"
    match = knowledge.matcher.match(answerable)
    assert match.fact is not None and match.fact.id == fact_id


@pytest.mark.parametrize(
    "question",
    [
        "how often does the congress of world and traditional religions meet",
        "как часто проходит съезд лидеров мировых религий",
        "съезд қаншалықты жиі өтеді",
        "what is the nationality of stephen o'malley",
        "who is the director of the un youth office",
        "where is the un youth office headquartered",
        "кто придумал день миротворцев",
        "how old is houngbo",
        "which diplomat moderated the astana panel on un80",  # "moderated" is no "mod(ernise)"
    ],
)
def test_a_detail_no_fact_states_is_refused(knowledge: Knowledge, question: str) -> None:
    assert knowledge.matcher.match(question).status != "answer"


def test_the_year_of_the_article_a_fact_quotes_is_one_it_states(knowledge: Knowledge) -> None:
    """ "As of the May 2024 article": the year of the source is not a year the fact lacks."""
    question = "how many kazakh women soldiers serve in un missions as of the may 2024 article?"
    match = knowledge.matcher.match(question)
    assert match.status == "answer" and match.fact is not None
    assert match.fact.id == "women-peacekeepers"
    assert knowledge.matcher.match(
        "how many kazakh women served in un missions in 1997"
    ).status != ("answer")


def test_the_resident_coordinator_is_a_role_a_fact_must_name(knowledge: Knowledge) -> None:
    """The 30th-anniversary event's fact names only Umarov: no coordinator is its answer."""
    match = knowledge.matcher.match(
        "Who was the UN Resident Coordinator for Kazakhstan at the 30th anniversary event?"
    )
    assert match.fact is not None and "Friberg-Storey" in match.fact.answer["en"]


def test_a_speaker_is_the_person_before_the_first_verb_of_saying(knowledge: Knowledge) -> None:
    """ "He highly commended President Tokayev's address and thanked Kazakhstan": Houngbo
    speaks, Tokayev is spoken of, though he stands before "thanked"."""
    speakers = Speakers(knowledge.kb.words, knowledge.matcher.reader.analyse)
    assert speakers.reported(knowledge.kb.fact("ilo-praises-address")) == {
        SPOKE + "=houngbo",
        ANYONE,
    }
    assert SPOKE + "=tokayev" not in speakers.reported(knowledge.kb.fact("houngbo"))
    reader = knowledge.matcher.reader
    asked = reader.analyse("what did houngbo say about tokayev", "en")
    assert speakers.asked(asked, "what did houngbo say about tokayev") == {SPOKE + "=houngbo"}
    # only a question asking what: "which address did he praise" asks of the address
    which = "which address of tokayev did houngbo praise"
    assert speakers.asked(reader.analyse(which, "en"), which) == set()


def test_a_fact_reports_only_the_words_its_answer_gives(knowledge: Knowledge) -> None:
    """The panel's speakers are listed, and their words are not: not through the quote that
    grounds who spoke ("Rakhmetullin … emphasized"), nor through the "мнения" of "Институт
    изучения общественного мнения", which only looks like "по мнению"."""
    speakers = Speakers(knowledge.kb.words, knowledge.matcher.reader.analyse)
    assert speakers.reported(knowledge.kb.fact("un80-panel-speakers")) == set()
    question = "What did the Ambassador of Brazil say in his speech at the UN80 panel?"
    assert knowledge.matcher.match(question).status != "answer"


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        # shouting: "US" is the pronoun in a question all in capitals
        ("TELL US ABOUT THE UN OFFICE IN ALMATY", "almaty-un-building"),
        # Kazakh "деген" (called) is no "деді" (said)
        ("Ракишева деген кім, не істейді?", "rakisheva"),
        # no speaker named: the ILO head is a role, and Tokayev is spoken of
        ("Tell me what the ILO head said about Tokayev's address", "ilo-praises-address"),
        # "it" is no one whose words are asked
        ("What coalition did Kazakhstan join that the ILO thanked it for?",
         "global-coalition-social-justice"),
        # "when" joining a clause asks no time
        ("What was Murat Nurtleu's title when he met the head of the ILO?", "nurtleu"),
        # "before" a verb or an article asks no predecessor: only a first name may stand between
        ("what did tokayev do before leading kazakhstan?", "tokayev-geneva"),
        ("what was Tokayev's job before heading Kazakhstan?", "tokayev-geneva"),
        # the name or title of a person or office asks who, or what post: no "name" relation
        ("what was Tokayev's exact title when he ran the UN office in geneva", "tokayev-geneva"),
        ("what's the name of the UN resident coordinator who praised kz's commitment to "
         "sustainable development at the 30-year event?", "friberg-storey"),
        # "болып табылады" is "is", not "became"
        ("Қазақстандағы БҰҰ үйлестірушісі болып кім табылады?", "un-resident-coordinator"),
    ],
)  # fmt: skip
def test_words_that_only_look_like_a_rule_ask_nothing_of_it(
    knowledge: Knowledge, question: str, fact_id: str
) -> None:
    match = knowledge.matcher.match(question)
    assert match.fact is not None and match.fact.id == fact_id


def test_he_said_reports_the_words_of_the_one_named_before(knowledge: Knowledge) -> None:
    """ "Stephen O'Malley ... spoke at the UN80 discussion. He said ... 'global problems require
    global solutions'": the words are O'Malley's, so asking what he said finds them."""
    match = knowledge.matcher.match("what fundamental truth does O'Malley say the UN embodies?")
    assert match.status == "answer" and match.fact is not None and match.fact.id == "omalley"


@pytest.mark.parametrize(
    "question",
    [
        "Did Kazakh officers take part in missions in Iraq and Nepal?",
        "Did Kazakh officers serve in missions in Iraq and Nepal?",
        "Did Kazakh officers serve in Iraq and in Nepal?",
    ],
)
def test_two_places_joined_are_never_answered_by_one_places_fact(
    knowledge: Knowledge, question: str
) -> None:
    """Not by the Nepal mission's fact alone, though the sentence it quotes names Iraq too:
    only by a fact naming both, or not at all (the first is refused, resembling "how many
    officers took part in the mission in Iraq?")."""
    match = knowledge.matcher.match(question)
    answer = match.fact.answer["en"] if match.fact else "Iraq Nepal"
    assert "Iraq" in answer and "Nepal" in answer


def test_two_places_joined_are_answered_by_the_fact_naming_both(knowledge: Knowledge) -> None:
    served = knowledge.matcher.match("Did Kazakh officers serve in missions in Iraq and Nepal?")
    assert served.fact is not None
    assert "Iraq" in served.fact.answer["en"] and "Nepal" in served.fact.answer["en"]


def test_what_country_someone_is_from_asks_an_origin(knowledge: Knowledge) -> None:
    """No fact says where the Resident Coordinator comes from: not even a "did you mean" her
    profile, which names no country of hers."""
    assert knowledge.matcher.match("What country is Michaela Friberg-Storey from?").fact is None


def test_a_count_of_a_group_answers_a_question_naming_it(knowledge: Knowledge) -> None:
    match = knowledge.matcher.match("how many women peacekeepers does kazakhstan have?")
    assert match.fact is not None and "8" in match.fact.answer["en"]


def test_an_out_of_scope_where_does_not_refuse_a_which_day(knowledge: Knowledge) -> None:
    """ "Where was the March 10 event held?" is out of scope (no article says) and shares every
    heavy word with "on which day in March was it held?", which the event's fact answers: an
    out-of-scope question of another kind of answer no longer refuses it outright, while the
    where-question itself stays refused."""
    day = "On which day in March was the event for 30 years of UN presence in Kazakhstan held?"
    match = knowledge.matcher.match(day)
    assert match.status == "answer" and match.fact is not None
    assert match.fact.id == "un-30-years-event"
    place = "where was the march 10 event on 30 years of UN presence held?"
    assert knowledge.matcher.match(place).status != "answer"


def test_other_countries_are_answered_only_by_a_fact_naming_places(knowledge: Knowledge) -> None:
    """ "Which other countries…" asks for countries besides those named: Kazakhstan's own
    Council seat names none, the missions' list names them."""
    matcher = knowledge.matcher
    for question in (
        "which other countries sat on the security council with kazakhstan in 2017-2018",
        "which other central asian country got elected to the UNSC after kz?",
        "какие другие страны входили в Совбез вместе с Казахстаном?",
    ):
        assert matcher.match(question).status != "answer", question
    alone = matcher.match("which country sat on the security council in 2017-2018?")
    assert alone.fact is not None and alone.fact.id == "security-council-term"
    missions = matcher.match("in which other countries did kazakh peacekeepers serve?")
    assert missions.fact is not None and missions.fact.id == "peacekeeping-missions"


def test_going_to_a_place_is_no_future(knowledge: Knowledge) -> None:
    """ "Start going to the Central African Republic" goes somewhere; "going to send" asks the
    future, which no past fact answers."""
    matcher = knowledge.matcher
    went = matcher.match("when did kazakh officers start going to the central african republic")
    assert went.fact is not None and went.fact.id == "mission-central-african-republic"
    assert matcher.match("is kazakhstan going to join the UN security council again?").fact is None


@pytest.mark.parametrize(
    "question",
    [
        "what did tokayev do after 2013?",
        "чем занимался Токаев после 2013 года",
        "Тоқаев 2013 жылдан кейін не істеді?",
        "what did tokayev do before 2011?",
    ],
)
def test_a_year_asked_after_or_before_needs_a_later_or_earlier_one(
    knowledge: Knowledge, question: str
) -> None:
    """His Geneva post (2011-2013) says nothing of what came after 2013 or before 2011."""
    assert knowledge.matcher.match(question).fact is None


def test_a_fact_stating_an_earlier_year_answers_before_it(knowledge: Knowledge) -> None:
    """Iraq (2003-2008) and Nepal (2007-2009) are missions before 2014."""
    match = knowledge.matcher.match("Қазақстан 2014 жылға дейін қандай миссияларға қатысты?")
    assert match.fact is not None and match.fact.id == "peacekeeping-missions"


def test_a_relation_only_the_quote_states_is_another_facts(knowledge: Knowledge) -> None:
    """The child rights protocol's quote is the whole sentence, whose ratification is the death
    penalty protocol's: the fact, which says the other one was signed, states no ratifying."""
    matcher, fact = knowledge.matcher, knowledge.kb.fact("child-rights-communications-protocol")
    protocol = "the child rights protocol on a communications procedure"
    assert not matcher.gives_asked(f"has Kazakhstan ratified {protocol}?", fact, "en")
    assert matcher.gives_asked(f"did Kazakhstan sign {protocol}?", fact, "en")


def test_a_year_stated_before_asking_when_is_no_answer_to_it(knowledge: Knowledge) -> None:
    """ "It ratified the protocol in 2022, but when did it sign it?": a fact whose one year
    the question already states gives no time left to answer; a year after the question
    ("when did it abolish the death penalty, was it 2022?") is a check of it."""
    matcher = knowledge.matcher
    premise = "kz ratified the second optional protocol in 2022, but when did it sign it?"
    assert matcher.match(premise).status != "answer"
    check = matcher.match("when did kazakhstan abolish the death penalty, was it 2022?")
    assert check.status == "answer" and check.fact is not None
    assert check.fact.id == "death-penalty-abolished"
