"""Kazakh stemming: every form of a word one stem, different words different stems."""

from __future__ import annotations

import pytest

from bot.engine.kazakh import stem_kazakh
from bot.engine.normalize import fold


def kk_stems(*texts: str) -> set[str]:
    return {stem_kazakh(word) for text in texts for word in fold(text).split()}


@pytest.mark.parametrize(
    "forms",
    [
        # case after a possessive: "-ы/-і" then "-не", "-на", "-н", "-нің", "-нда"
        ("кеңес", "Кеңесі", "Кеңесіне", "кеңесінде", "кеңестің"),
        ("пікірталас", "пікірталасы", "пікірталасына", "пікірталасында"),
        ("Азия", "Азиясы", "Азиясын", "Азиядан", "Азияда"),
        # a "к" that a vowel turned into "г" ("жылдық", "жылдығы")
        ("жылдық", "жылдығы", "жылдығын", "жылдығына"),
        ("мүшелік", "мүшелігі", "мүшелігінің", "мүшелікке"),
        ("пәтер", "пәтері", "пәтеріне", "пәтерінде"),
        ("Қазақстан", "Қазақстанның", "Қазақстанға", "Қазақстаннан", "Қазақстандағы"),
        ("бітімгер", "бітімгерлер", "бітімгерлерге", "бітімгерлердің"),
        # "-етін" after a noun's "-ет" is the possessive and accusative, not a participle
        ("қызмет", "қызметі", "қызметін", "қызметінде"),
        ("мемлекет", "мемлекетін", "мемлекеттің"),
        ("жас", "жасы", "жастан", "жаста"),  # age: "-тан" is an ablative here, not "-стан"
        ("Өзбекстан", "Өзбекстанға", "Өзбекстаннан"),
    ],
)
def test_kazakh_noun_forms_share_a_stem(forms: tuple[str, ...]) -> None:
    assert len(kk_stems(*forms)) == 1, kk_stems(*forms)


@pytest.mark.parametrize(
    "forms",
    [
        # past "-ды/-ті", participle "-ған/-ген", gerund "-ып/-п", present "-ады/-еді", verbal
        # noun "-у" (+ case), a two-letter root
        ("өтті", "өтеді", "өтуде", "өткен", "өту"),
        ("өсті", "өсу", "өскен"),
        # the passive "-ыл", "-ын", "-н", "-л" inside a tense
        ("құрылды", "құрылған", "құрды", "құру"),
        ("сайланды", "сайлады", "сайлау", "сайланған"),
        ("қабылданды", "қабылдады", "қабылдау", "қабылданған"),
        ("жарияланды", "жариялады", "жарияланған", "жариялау"),
        ("алынып", "алды", "алып", "алу"),
        ("тасталды", "тастады", "тастау"),
        ("келеді", "келді", "келген", "келу"),
        ("жою", "жойды", "жойылды", "жойылған"),
    ],
)
def test_kazakh_verb_forms_share_a_stem(forms: tuple[str, ...]) -> None:
    assert len(kk_stems(*forms)) == 1, kk_stems(*forms)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("алты", "алды"),  # six, took
        ("қабылдамады", "қабылдады"),  # a negated verb asks the opposite
        ("бірінші", "бір"),  # first, one
        ("ұлты", "ұл"),  # his nationality, son
        ("алдындағы", "алды"),  # previous, took
        ("жылдық", "жылы"),  # anniversary, in the year
        ("ұсынды", "ұстады"),  # proposed, held
        ("қайтадан", "қай"),  # again, which
        ("жастарға", "жастан"),  # to the youth, from the age of
    ],
)
def test_kazakh_stemming_keeps_different_words_apart(one: str, other: str) -> None:
    assert stem_kazakh(fold(one)) != stem_kazakh(fold(other))


@pytest.mark.parametrize("word", ["Алматы", "Астана", "Канада", "орган", "буу", "тамыз"])
def test_kazakh_stemming_keeps_roots_that_end_like_a_suffix(word: str) -> None:
    assert len(kk_stems(word, word + "да")) == 1


def test_kazakh_typed_on_a_russian_keyboard_stems_like_kazakh() -> None:
    assert kk_stems("мушелигинин", "мүшелігінің") == kk_stems("мүшелік")
    assert kk_stems("кауипсиздик кенесине") == kk_stems("Қауіпсіздік Кеңесі")


def test_kazakh_stems_keep_at_least_three_letters_but_for_short_verbs() -> None:
    assert stem_kazakh("алда") == "алда"  # "ahead": no case "-да" on a two-letter noun
    assert stem_kazakh("елде") == "елде"
    assert stem_kazakh("отти") == "от"  # "өтті": "өт" is a verb
