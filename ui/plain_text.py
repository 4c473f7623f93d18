"""Text shown as typed: Streamlit renders Markdown in alerts, captions and labels, so a value
typed by a clinician ("[x](http://...)", "**", "$x$", "<b>") is escaped before it is shown
(house rule: user text is always plain text). Error messages quote typed values, hence this
helper. This module owns no session state."""

from __future__ import annotations

import re

# Characters that start a link, image, emphasis, code, maths, HTML, a table or a colour
# directive anywhere in a line; "#", "-", "+" and ">" only matter at the start of a line.
_INLINE = re.compile(r"([\\`*_\[\]<$~|])")
_LINE_START = re.compile(r"(?m)^(\s*)([#>+-])")


def plain(text: str) -> str:
    """``text`` with every Markdown-active character escaped (it reads the same on screen)."""
    return _LINE_START.sub(r"\1\\\2", _INLINE.sub(r"\\\1", text))
