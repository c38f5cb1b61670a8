"""Shape checks for Indonesian identifiers, shared by every form and the CLI."""
import re

_DIGITS = re.compile(r"[0-9]+", re.ASCII)


def _exact_digits(value, length: int) -> bool:
    return isinstance(value, str) and len(value) == length and bool(_DIGITS.fullmatch(value))


def is_nik(value) -> bool:
    """A NIK (and a KK number) is exactly 16 ASCII digits."""
    return _exact_digits(value, 16)


def is_nip(value) -> bool:
    """A civil servant's NIP is exactly 18 ASCII digits."""
    return _exact_digits(value, 18)


def normalize_phone(value: str):
    """Return an Indonesian mobile number as +628…, or None when it is not one."""
    raw = re.sub(r"[\s\-().]", "", value or "")
    if raw.startswith("+62"):
        rest = raw[3:]
    elif raw.startswith("62"):
        rest = raw[2:]
    elif raw.startswith("0"):
        rest = raw[1:]
    else:
        return None
    if not (rest.startswith("8") and 9 <= len(rest) <= 12 and _DIGITS.fullmatch(rest)):
        return None
    return "+62" + rest
