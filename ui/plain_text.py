"""Text shown as typed: Streamlit renders Markdown in alerts, captions, labels, help texts,
expander titles and ``st.table`` cells, so a value typed by a clinician ("[x](http://...)",
"![x](http://...)", "**", "$x$", "<b>", ":red[x]") is made inert before it is shown (house
rule: user text is always plain text). Error messages quote typed values, hence this helper.
This module owns no session state.

Two steps, because Streamlit's Markdown works in two stages. The parser honours a backslash
before any ASCII punctuation, so every punctuation character is escaped: no link, image,
emphasis, code, maths, HTML, table, list, heading or colour directive can start. After parsing,
GitHub-flavoured Markdown still turns web and e-mail addresses found in the *text* into live
links ("http://...", "www.x.org", "a@b.org"); escapes are gone by then, so an invisible WORD
JOINER (U+2060) is put inside each such address, where the link finder no longer sees it.
"""

from __future__ import annotations

import re

# CommonMark lets a backslash escape every ASCII punctuation character.
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
# Where the address finder starts: a scheme's "://", "www.", an "@" with a domain after it,
# and a ":" before letters (emoji and icon short codes, ":smile:", ":material/...:").
_ADDRESS_START = re.compile(r"(?i)(://|www\.|@|:(?=[a-z]))")
WORD_JOINER = "\u2060"


def _break(match: re.Match[str]) -> str:
    found = match.group()
    return found[0] + WORD_JOINER + found[1:]


def plain(text: str) -> str:
    """``text`` with every Markdown-active character made inert (it reads the same on screen)."""
    return _PUNCTUATION.sub(r"\\\1", _ADDRESS_START.sub(_break, text))


# What opens a link, an image, HTML, code, maths, emphasis, a table or struck text; our own
# sentences use none of these, so escaping them leaves the rest of the Markdown source as is.
_MARKUP = re.compile(r"([\\`*_\[\]<>$~|])")
_LINE_START = re.compile(r"(?m)^(\s*\d*)([#>+-]|(?<=\d)[.)])")


def inert(text: str) -> str:
    """Our sentence with a typed value inside it (an engine reason quoting the agent, "Current
    dosing: {ssa_agent}"): what could make a link, an image, HTML or emphasis is escaped, the
    ordinary punctuation of our words is left as written."""
    escaped = _MARKUP.sub(r"\\\1", _ADDRESS_START.sub(_break, text))
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), escaped)
