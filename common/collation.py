"""Vietnamese alphabetical order, the same in Python and in both databases.

The alphabet is a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y (with f j w z where Latin
puts them), compared letter by letter; tones only break ties between names spelt with the same
letters (no tone < huyền < hỏi < ngã < sắc < nặng), and lower case before upper case last. This is
ICU's 'vi' order: PostgreSQL sorts by an ICU collation created in migration common.0003, SQLite by a
collation of the same name registered on every connection from `vietnamese_key`, so
`Collate(field, COLLATION)` sorts the same on both."""

import functools
import unicodedata

from django.db.models.functions import Collate

COLLATION = "vietnamese"

ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_RANK = {letter: rank for rank, letter in enumerate(ALPHABET)}
# The marks that make a letter of its own (ă â ê ô ơ ư), and the five tones in dictionary order.
_LETTER_MARKS = {"\u0306": "breve", "\u0302": "circumflex", "\u031b": "horn"}
_LETTERS = {("a", "breve"): "ă", ("a", "circumflex"): "â", ("e", "circumflex"): "ê",
            ("o", "circumflex"): "ô", ("o", "horn"): "ơ", ("u", "horn"): "ư"}
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


@functools.lru_cache(maxsize=4096)
def vietnamese_key(text: str) -> tuple:
    """A key that sorts strings in Vietnamese alphabetical order (see the module's docstring).

    Spaces and punctuation come before digits, digits before letters, as in ICU; characters
    outside the alphabet after its letters, by code point."""
    letters, tones, cases = [], [], []
    for char in unicodedata.normalize("NFD", text):
        if unicodedata.combining(char):
            if letters and char in _TONES:
                tones[-1] = _TONES[char]
            elif letters and char in _LETTER_MARKS and letters[-1][0] == 2:
                base = ALPHABET[letters[-1][1]]
                letter = _LETTERS.get((base, _LETTER_MARKS[char]))
                if letter:
                    letters[-1] = (2, _RANK[letter])
            continue
        lower = char.lower()
        if lower in _RANK:
            letters.append((2, _RANK[lower]))
        elif char.isdigit():
            letters.append((1, ord(char)))
        elif char.isspace() or unicodedata.category(char)[0] in "PSZ":
            letters.append((0, ord(" ") if char.isspace() else ord(char)))
        else:
            letters.append((3, ord(lower)))
        tones.append(0)
        cases.append(char != lower)
    return tuple(letters), tuple(tones), tuple(cases), text


def compare(left: str, right: str) -> int:
    """The SQLite collation: -1, 0 or 1 as `left` sorts before, with or after `right`."""
    a, b = vietnamese_key(left), vietnamese_key(right)
    return (a > b) - (a < b)


def vietnamese(field: str) -> Collate:
    """`field` in Vietnamese order, for order_by(), Meta.ordering and the admin's orderings."""
    return Collate(field, COLLATION)


def register_sqlite(sender, connection, **kwargs):
    """On connection_created: SQLite learns the collation that PostgreSQL has from a migration."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(COLLATION, compare)
