"""Registration numbers: unit initials, year-month and a random part nobody can guess."""
import secrets
from datetime import datetime

# Crockford's base32 alphabet: no I, L, O or U, so numbers read aloud without confusion.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RANDOM_LENGTH = 8  # 40 bits


def new_reg_no(unit_short_code: str, when: datetime, choose=secrets.choice) -> str:
    """E.g. 'LBK-2611-7K3QX9WD' for Kelurahan Lubuk Baja Kota in November 2026."""
    initials = unit_short_code.split("-")[-1]
    random_part = "".join(choose(ALPHABET) for _ in range(RANDOM_LENGTH))
    return f"{initials}-{when:%y%m}-{random_part}"


def looks_like_reg_no(text: str) -> bool:
    """Cheap shape check before touching the database."""
    parts = (text or "").strip().upper().split("-")
    return (len(parts) == 3 and parts[0].isalnum() and len(parts[1]) == 4
            and parts[1].isdigit() and len(parts[2]) == RANDOM_LENGTH
            and all(ch in ALPHABET for ch in parts[2]))
