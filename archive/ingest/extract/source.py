"""The source when no 来源: label names it: a closing byline in brackets, such as
（房山區委組織部） at the end of the story, when it names an organisation."""
import re

CLOSING_BYLINE = re.compile(r"[(（]([^()（）:：]{2,30})[)）]\s*$")
ORGANISATION = re.compile(r"(部|局|委|办|辦|厅|廳|院|网|網|报|報|台|社|中心|站|处|處|会|會|所|组|組|室|府)$")
NOT_A_SOURCE = re.compile(r"(供图|供圖|摄|攝|图|圖|文|编辑|編輯)$")


def closing_byline(lines):
    """The organisation named in brackets at the end of the last line of story text, or None."""
    for line in reversed(lines):
        if not line:
            continue
        match = CLOSING_BYLINE.search(line)
        if match:
            name = match.group(1).strip()
            if ORGANISATION.search(name) and not NOT_A_SOURCE.search(name) and " " not in name:
                return name
            continue  # another closing bracket line (photo credit, author list): look further up
        return None
    return None
