"""What every API input is checked against: ids in URLs, characters no value may hold, and
the words of the refusals."""

import re

# Ids in URLs: digits that fit a bigint column (anything else is a 404, not a database error).
ID_PATTERN = r"[0-9]{1,18}"
# Control characters (Unicode Cc: NUL, which PostgreSQL cannot store or compare, escape, C1)
# but tab, line feed and carriage return, which are white space: never part of a search, a
# filter value or a cursor.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
CONTROL_CHARACTERS_MESSAGE = "Control characters (such as NUL) are not allowed."
DATA_ERROR_MESSAGE = "A value is not valid here: too long, or a character that cannot be stored."
