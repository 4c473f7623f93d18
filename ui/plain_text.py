"""Text shown as typed: Streamlit renders Markdown in alerts, captions, labels, help texts,
expander titles, radio options and ``st.table`` cells, so a value typed by a clinician
("[x](http://...)", "![x](http://...)", "**", "$x$", "<b>", ":red[x]") is made inert before it
is shown (house rule: user text is always plain text). Error messages and engine sentences
quote typed values (an agent, a refused entry), hence this helper. It owns no session state.

Two steps, because Streamlit's Markdown works in two stages. The parser honours a backslash
before punctuation, so every character that could open a link, an image, HTML, an entity,
code, maths, emphasis, a table, struck text or a colour directive is escaped, and so is a
heading, quote or list marker at the start of a line; ordinary punctuation (. , ' ( ) - : %)
is left as written, so the source still reads as the sentence. After parsing,
GitHub-flavoured Markdown turns web and e-mail addresses found in the *text* into live links
("http://...", "www.x.org", "a@b.org") and short codes into icons (":smile:"); escapes are
gone by then, so an invisible WORD JOINER (U+2060) is put inside each, where the finders no
longer see them.
"""

from __future__ import annotations

import re

_MARKUP = re.compile(r"([\\`*_\[\]<>$~|&])")
_LINE_START = re.compile(r"(?m)^(\s*)([#>+-]|\d+[.)])")
# Where the address and short-code finders start: a scheme's "://", "www.", an "@", and a
# ":" before letters (":smile:", ":material/...:").
_FINDER_START = re.compile(r"(?i)(://|www\.|@|:(?=[a-z]))")
WORD_JOINER = "\u2060"


def _break(match: re.Match[str]) -> str:
    found = match.group()
    return found[0] + WORD_JOINER + found[1:]


def _escape_line_start(match: re.Match[str]) -> str:
    marker = match.group(2)  # "#", ">", "+", "-", or "12." whose dot or bracket is escaped
    return match.group(1) + marker[:-1] + "\\" + marker[-1]


def plain(text: str) -> str:
    """``text`` with every Markdown-active character made inert (it reads the same on screen)."""
    escaped = _MARKUP.sub(r"\\\1", _FINDER_START.sub(_break, text))
    return _LINE_START.sub(_escape_line_start, escaped)
