"""Telegram's HTML parse mode as TDLib really applies it: what it accepts, refuses, and says.

Every expectation here was read off TDLib 1.8.69 (the `tdjson` wheel), so the file documents
Telegram's behaviour; tests/fakes/telegram_html.py wraps that parser for the Bot API stand-in.
Refusals are the Bot API's 400 descriptions, word for word.
"""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.fakes.telegram_html import (
    MESSAGE_TEXT_LENGTH_MAX,
    TEXT_BYTES_MAX,
    Entity,
    HtmlError,
    ParsedText,
    bot_api_description,
    message_too_long,
    parse_html,
    parse_markdown,
    utf16_length,
)

CANT_PARSE = "Bad Request: can't parse entities: "


def refusal(text: str) -> str:
    """The Bot API description Telegram gives for `text`."""
    with pytest.raises(HtmlError) as caught:
        parse_html(text)
    assert str(caught.value) == caught.value.description
    return caught.value.description


# --- Accepted ------------------------------------------------------------------------------------


def test_plain_text_has_no_entities() -> None:
    assert parse_html("plain text") == ParsedText("plain text")


def test_empty_text_is_not_parsed() -> None:
    assert parse_html("") == ParsedText("")


def test_bold() -> None:
    assert parse_html("<b>bold</b> text") == ParsedText(
        "bold text", (Entity("textEntityTypeBold", 0, 4),)
    )


def test_link_url_is_normalised() -> None:
    """TDLib adds the trailing slash, and http:// to a link without a scheme."""
    assert parse_html('<a href="https://x.org">x</a>') == ParsedText(
        "x", (Entity("textEntityTypeTextUrl", 0, 1, {"url": "https://x.org/"}),)
    )
    assert parse_html("<a href='x.org'>x</a>").entities[0].details == {"url": "http://x.org/"}


def test_link_attribute_decodes_entities() -> None:
    parsed = parse_html('<a href="https://x.org/?a=1&amp;b=2">x</a>')
    assert parsed.entities[0].details == {"url": "https://x.org/?a=1&b=2"}


def test_link_without_a_usable_url_is_plain_text() -> None:
    """No error: the text stays, the link is dropped."""
    assert parse_html("<a>x</a>") == ParsedText("x")
    assert parse_html('<a href="">x</a>') == ParsedText("x")
    assert parse_html('<a href="javascript:x">x</a>') == ParsedText("x")


def test_mention_by_id() -> None:
    assert parse_html('<a href="tg://user?id=123">m</a>').entities == (
        Entity("textEntityTypeMentionName", 0, 1, {"user_id": 123}),
    )


@pytest.mark.parametrize(
    "html", ["<tg-spoiler>s</tg-spoiler>", '<span class="tg-spoiler">s</span>']
)
def test_spoiler_both_spellings(html: str) -> None:
    assert parse_html(html) == ParsedText("s", (Entity("textEntityTypeSpoiler", 0, 1),))


def test_blockquotes() -> None:
    assert parse_html("<blockquote>q</blockquote>").entities == (
        Entity("textEntityTypeBlockQuote", 0, 1),
    )
    for html in (
        "<blockquote expandable>q</blockquote>",
        '<blockquote expandable="">q</blockquote>',
    ):
        assert parse_html(html).entities == (Entity("textEntityTypeExpandableBlockQuote", 0, 1),)


def test_all_simple_tags_and_their_synonyms() -> None:
    parsed = parse_html(
        "<b>1</b><strong>2</strong><i>3</i><em>4</em><u>5</u><ins>6</ins>"
        "<s>7</s><strike>8</strike><del>9</del><code>0</code>"
    )
    assert parsed.text == "1234567890"
    assert [entity.type.removeprefix("textEntityType") for entity in parsed.entities] == [
        "Bold",
        "Bold",
        "Italic",
        "Italic",
        "Underline",
        "Underline",
        "Strikethrough",
        "Strikethrough",
        "Strikethrough",
        "Code",
    ]


def test_pre_with_language() -> None:
    assert parse_html('<pre><code class="language-python">x</code></pre>').entities == (
        Entity("textEntityTypePreCode", 0, 1, {"language": "python"}),
    )


def test_custom_emoji() -> None:
    assert parse_html('<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>').entities == (
        Entity("textEntityTypeCustomEmoji", 0, 2, {"custom_emoji_id": "5368324170671202286"}),
    )


def test_tg_time_is_supported() -> None:
    """<tg-time> (date and time entities) is in TDLib 1.8.69; "format" is optional."""
    assert parse_html('<tg-time unix="1700000000">t</tg-time>').entities == (
        Entity("textEntityTypeDateTime", 0, 1, {"unix_time": 1700000000}),
    )
    [entity] = parse_html('<tg-time unix="1700000000" format="wDT">t</tg-time>').entities
    assert entity.details["formatting_type"] == {
        "@type": "dateTimeFormattingTypeAbsolute",
        "time_precision": {"@type": "dateTimePartPrecisionLong"},
        "date_precision": {"@type": "dateTimePartPrecisionLong"},
        "show_day_of_week": True,
    }
    [entity] = parse_html('<tg-time unix="1700000000" format="r">t</tg-time>').entities
    assert entity.details["formatting_type"] == {"@type": "dateTimeFormattingTypeRelative"}


def test_tg_time_without_a_valid_unix_time_is_plain_text() -> None:
    assert parse_html("<tg-time>t</tg-time>") == ParsedText("t")
    assert parse_html('<tg-time unix="abc">t</tg-time>') == ParsedText("t")


def test_nesting_is_kept_as_parsed() -> None:
    """The parser reports nested and repeated entities as they are; sending merges them later."""
    assert parse_html('<a href="https://x.org"><b>x</b></a>').entities == (
        Entity("textEntityTypeTextUrl", 0, 1, {"url": "https://x.org/"}),
        Entity("textEntityTypeBold", 0, 1),
    )
    assert parse_html("<b><b>x</b></b>").entities == (
        Entity("textEntityTypeBold", 0, 1),
        Entity("textEntityTypeBold", 0, 1),
    )


def test_entity_offsets_count_utf16_code_units() -> None:
    parsed = parse_html("<i>a</i> <b>é 😀</b>")
    assert parsed == ParsedText(
        "a é 😀", (Entity("textEntityTypeItalic", 0, 1), Entity("textEntityTypeBold", 2, 4))
    )
    assert utf16_length(parsed.text) == 6
    assert len(parsed.text) == 5


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("1 > 2", "1 > 2"),  # a bare ">" is text
        ("a & b", "a & b"),  # so is a bare "&"
        ('<b x="1">x</b>', "x"),  # unknown attributes are ignored
        ("<b attr>x</b>", "x"),
        ("<B>x</B>", "x"),  # tag names are case-insensitive
        ("<b >x</b >", "x"),  # spaces before ">" are allowed
        ("<span class=tg-spoiler>x</span>", "x"),  # unquoted values, when they are one name
        ("<b></b>", ""),  # an empty element gives no entity
        ("\t<b> x </b>\n", "\t x \n"),  # parsing does not trim; sending does
    ],
)
def test_lenient_cases_telegram_accepts(html: str, text: str) -> None:
    assert parse_html(html).text == text


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("&lt;&gt;&amp;&quot;", '<>&"'),
        ("&#39;&#x27;&#128512;", "''😀"),
        ("&lt 1", "< 1"),  # the semicolon is optional
        ("a&nbsp;b", "a&nbsp;b"),  # any other named entity stays literally, visible to users
        ("&apos;&copy;&NBSP;&unknown;", "&apos;&copy;&NBSP;&unknown;"),
        ("&#0;&#1114112;", "&#0;&#1114112;"),  # out-of-range numbers stay literally too
    ],
)
def test_character_references(html: str, text: str) -> None:
    """Only lt, gt, amp, quot and numeric references are decoded; &nbsp; is not an error."""
    assert parse_html(html) == ParsedText(text)


# --- Refused -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        ("1 < 2", 'Unsupported start tag "" at byte offset 2'),
        ("I <3 UN", 'Unsupported start tag "3" at byte offset 2'),
        ("é <3 UN", 'Unsupported start tag "3" at byte offset 3'),  # offsets count UTF-8 bytes
        ("é <3", "Unclosed start tag at byte offset 3"),  # nothing after the name
        ("<!-- c -->", 'Unsupported start tag "!--" at byte offset 0'),
        ("<b/>", 'Unsupported start tag "b/" at byte offset 0'),
        ("<br>", 'Unsupported start tag "br" at byte offset 0'),
        ("<p>x</p>", 'Unsupported start tag "p" at byte offset 0'),
        ("< b>x</b>", 'Unsupported start tag "" at byte offset 0'),
        ("<a href=https://x.org>x</a>", "Unexpected end of name token at byte offset 8"),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        ('<span class="x">x</span>', 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        ("<b>x", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
        ("</b>", "Unexpected end tag at byte offset 0"),
        ("<b>x</ b>", "Unclosed end tag at byte offset 4"),
        ("a<", "Unclosed start tag at byte offset 1"),
        ('<a href="x', "Unclosed start tag at byte offset 0"),
        (
            "&#xD800;",
            "Text contains invalid Unicode characters after decoding HTML entities, "
            "check for unmatched surrogate code units",
        ),
        ("<tg-emoji>x</tg-emoji>", "Invalid custom emoji identifier specified"),
        ('<tg-time unix="1700000000" format="zz">t</tg-time>', "Invalid date format used"),
    ],
)
def test_refusals(html: str, reason: str) -> None:
    assert refusal(html) == CANT_PARSE + reason


def test_refusal_wording_for_i_heart_un() -> None:
    assert refusal("I <3 UN") == (
        'Bad Request: can\'t parse entities: Unsupported start tag "3" at byte offset 2'
    )


def test_text_that_is_not_utf8() -> None:
    assert refusal("a\ud800b") == "Bad Request: text must be encoded in UTF-8"


# --- Lengths -------------------------------------------------------------------------------------


def test_raw_text_over_32768_bytes_is_refused_before_parsing() -> None:
    assert parse_html("x" * TEXT_BYTES_MAX).text == "x" * TEXT_BYTES_MAX
    assert refusal("x" * (TEXT_BYTES_MAX + 1)) == "Bad Request: text is too long"
    assert refusal("я" * (TEXT_BYTES_MAX // 2 + 1)) == "Bad Request: text is too long"


def test_4097_characters_after_parsing_parse_but_are_too_long_to_send() -> None:
    """The parser has no 4096 limit: sending has (TDLib's message_text_length_max).

    The tags do not count; the characters a user sees do.
    """
    parsed = parse_html("<b>" + "x" * (MESSAGE_TEXT_LENGTH_MAX + 1) + "</b>")
    assert len(parsed.text) == 4097
    assert parsed.entities == (Entity("textEntityTypeBold", 0, 4097),)
    assert message_too_long(parsed.text)
    assert not message_too_long(parse_html("<b>" + "x" * 4096 + "</b>").text)


def test_length_limit_counts_characters_not_utf16_units() -> None:
    """TDLib compares utf8_length (code points) with 4096; entities use UTF-16 units."""
    emoji = "😀" * MESSAGE_TEXT_LENGTH_MAX
    assert utf16_length(emoji) == 8192
    assert not message_too_long(emoji)


# --- The Bot API's wording -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("message", "description"),
    [
        ("Can't parse entities: x", "Bad Request: can't parse entities: x"),
        ("Message is too long", "Bad Request: message is too long"),
        ("Text must be non-empty", "Bad Request: text must be non-empty"),
        ("MESSAGE_TOO_LONG", "Bad Request: MESSAGE_TOO_LONG"),  # server codes are kept
        ("Bad Request: as is", "Bad Request: as is"),
    ],
)
def test_bot_api_description(message: str, description: str) -> None:
    assert bot_api_description(message) == description


# --- The library ---------------------------------------------------------------------------------


def test_parses_from_many_threads_at_once() -> None:
    cases = ["<b>bold</b>", "I <3 UN", "<i>é 😀</i>", "plain"]

    def outcome(html: str) -> ParsedText | str:
        try:
            return parse_html(html)
        except HtmlError as error:
            return error.description

    expected = [outcome(html) for html in cases]
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(outcome, cases * 200))
    assert results == expected * 200


@pytest.mark.e2e
def test_tdlib_prints_nothing() -> None:
    """TDLib logs every request to stderr unless silenced; a fresh process shows it is."""
    code = (
        "from tests.fakes.telegram_html import parse_html, HtmlError\n"
        "parse_html('<b>x</b>')\n"
        "try:\n    parse_html('I <3 UN')\nexcept HtmlError:\n    pass\n"
    )
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=60
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_refusals_keep_tdlibs_own_message() -> None:
    """The Bot API server quotes TDLib's message inside longer descriptions, so both are kept."""
    with pytest.raises(HtmlError) as caught:
        parse_html("I <3 UN")
    reason = 'Unsupported start tag "3" at byte offset 2'
    assert caught.value.message == f"Can't parse entities: {reason}"
    assert caught.value.description == CANT_PARSE + reason


def test_markdown_is_parsed_by_tdlib_too() -> None:
    assert parse_markdown("*bold* _it_").text == "bold it"
    assert parse_markdown("*bold*", version=1).entities == (Entity("textEntityTypeBold", 0, 4),)
    with pytest.raises(HtmlError, match="Can't find end of Italic entity at byte offset 1"):
        parse_markdown("a_b")
