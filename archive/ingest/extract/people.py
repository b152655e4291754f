"""Authors and editors: labelled fields (作者:, 编辑:, 文/), and diary-style bylines where a
name stands alone on a line above the person's role (刘峥 / 市委组织部干部)."""

import re

from archive.ingest.extract.labels import split_names

NAME_LINE = re.compile(r"^[\u4e00-\u9fff·]{2,4}$")
ROLE_LINE = re.compile(
    r"(干部|幹部|记者|記者|通讯员|通訊員|书记|書記|主任|科长|科長|处长|處長|局长|局長|部长|部長|委员|委員|社工|志愿者|志願者|民警|教师|教師|医生|醫生)$"
)
MAX_NAME_LENGTH = 12


def names(value):
    return [n for n in split_names(value) if len(n) <= MAX_NAME_LENGTH]


def byline_authors(lines):
    """[(line_index, name)] for each name line followed by a role line."""
    found = []
    for index, line in enumerate(lines):
        if not NAME_LINE.match(line):
            continue
        following = next((later for later in lines[index + 1 :] if later), "")
        if ROLE_LINE.search(following) and len(following) <= 30:
            found.append((index, line))
    return found
