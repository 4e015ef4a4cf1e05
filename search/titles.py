"""Document titles as a question names them: the document a notice issues, and a topic
with the named title's words taken out."""

from __future__ import annotations

import re


def title_core(title: str) -> str:
    """What a title names: the document it issues (《…》) when it is a notice, without quotes."""
    issued = re.search(r"《([^《》]+)》", title)
    return re.sub(r"[“”\"]", "", issued.group(1) if issued else title)


def without_title(topic: str, titles: list[str]) -> str:
    """The topic with every run of two or more characters that a named title holds taken out."""
    out, i = [], 0
    while i < len(topic):
        j = i + 2
        while j <= len(topic) and any(topic[i:j] in t for t in titles):
            j += 1
        if j - 1 - i >= 2:
            out.append(" ")
            i = j - 1
        else:
            out.append(topic[i])
            i += 1
    return re.sub(r"\s+", " ", "".join(out)).strip()
