"""ui.plain_text.plain: typed text reads as typed and can start no Markdown element.

Two stages are checked, as Streamlit renders them: what the Markdown parser sees (escaped
characters are text) and what the GitHub-flavoured link finder then sees in the text (no
address left in one piece).
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ui.plain_text import WORD_JOINER, plain

_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
# The link finder of GitHub-flavoured Markdown (web address, "www.", e-mail).
_ADDRESS = re.compile(r"(?i)https?://|www\.[-\w]|[-.\w+]@[-\w]")


def shown(source: str) -> str:
    """The text after Markdown parsing: each escape is its character."""
    return _ESCAPE.sub(r"\1", source)


@pytest.mark.parametrize(
    ("typed", "source"),
    [
        ("lanreotide 120 mg", "lanreotide 120 mg"),  # ordinary text untouched
        ("Ki-67 (%), '12a' is not a number", "Ki-67 (%), '12a' is not a number"),  # our errors
        ("[x](http://e.org)", "\\[x\\](http:\u2060//e.org)"),  # a link: neither bracket nor URL
        ("![p](http://e.org/p.png)", "!\\[p\\](http:\u2060//e.org/p.png)"),  # an image
        ('<a href="x">u</a>', '\\<a href="x"\\>u\\</a\\>'),  # HTML
        ("&lt;b&gt;", "\\&lt;b\\&gt;"),  # an entity shows as typed, not as "<b>"
        ("**bold** _it_ ~~x~~", "\\*\\*bold\\*\\* \\_it\\_ \\~\\~x\\~\\~"),  # emphasis, strike
        ("`code` $x^2$ a|b", "\\`code\\` \\$x^2\\$ a\\|b"),  # code, maths, table
        (":red[alarm]", ":\u2060red\\[alarm\\]"),  # a colour directive
        (":smile: :material/home:", ":\u2060smile: :\u2060material/home:"),  # short codes
        ("www.evil.org", "w\u2060ww.evil.org"),  # a bare web address
        ("dr@evil.org", "dr@\u2060evil.org"),  # a bare e-mail address
        ("# title", "\\# title"),  # a heading at the start of a line
        ("> quote", "\\> quote"),  # a quote
        ("- item\n+ item", "\\- item\n\\+ item"),  # list markers on every line
        ("1. first\n12) second", "1\\. first\n12\\) second"),  # numbered lists
        ("3-5 cycles", "3-5 cycles"),  # a range is not a list
    ],
)
def test_typed_text_is_escaped_where_markdown_would_act(typed: str, source: str) -> None:
    assert plain(typed) == source
    assert shown(plain(typed)).replace(WORD_JOINER, "") == typed  # it reads as typed


@given(st.text())
def test_no_markup_and_no_address_survives(text: str) -> None:
    source = plain(text)
    bare = _ESCAPE.sub("", source)
    assert not set("[]<>`*_$~|&\\") & set(bare)
    assert not _ADDRESS.search(shown(source))
