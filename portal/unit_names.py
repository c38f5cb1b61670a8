"""How units and officers are named in text: 'Kelurahan Baloi Indah', never 'Kelurahan Kelurahan'.

A unit's name is stored without its kind ('Baloi Indah'); its title adds the kind. A position
title that already ends in the unit's kind ('Admin Kelurahan') is joined to the unit without
repeating it: 'Admin Kelurahan Baloi Indah'. Pure functions, used by the models, the workflow
engine and every screen and message.
"""

UNIT_KINDS = ("kecamatan", "kelurahan")


def bare_unit_name(name: str) -> str:
    """A unit's name without a leading kind word: 'Kelurahan Baloi Indah' -> 'Baloi Indah'."""
    words = (name or "").split()
    while len(words) > 1 and words[0].lower() in UNIT_KINDS:
        words = words[1:]
    return " ".join(words)


def unit_title(kind: str, name: str) -> str:
    """The unit as on a letterhead: 'Kelurahan Baloi Indah'."""
    return f"{kind.capitalize()} {bare_unit_name(name)}"


def title_in_unit(title: str, kind: str, name: str) -> str:
    """A position title joined to its unit without repeating a word where they meet.

    ('Admin Kelurahan', 'kelurahan', 'Baloi Indah') -> 'Admin Kelurahan Baloi Indah';
    ('Lurah', 'kelurahan', 'Baloi Indah') -> 'Lurah Kelurahan Baloi Indah'.
    """
    head, tail = title.split(), unit_title(kind, name).split()
    overlap = next((size for size in range(min(len(head), len(tail)), 0, -1)
                    if [w.lower() for w in head[-size:]] == [w.lower() for w in tail[:size]]), 0)
    return " ".join(head + tail[overlap:])
