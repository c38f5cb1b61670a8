"""Masking personal data for pages anyone with a registration number may see (UU 27/2022)."""


def mask_nik(nik: str) -> str:
    """'2171064501900001' -> '2171********0001'."""
    nik = nik or ""
    if len(nik) <= 8:
        return "*" * len(nik)
    return nik[:4] + "*" * (len(nik) - 8) + nik[-4:]


def initials(name: str) -> str:
    """'Siti Rahmawati' -> 'S. R.'."""
    return " ".join(f"{word[0].upper()}." for word in (name or "").split() if word[0].isalnum())


def mask_email(email: str) -> str:
    """'siti@contoh.id' -> 's***@c*****.id'."""
    local, _, domain = (email or "").partition("@")
    if not local or not domain:
        return "***"
    host, dot, tld = domain.rpartition(".")
    host = host or tld
    masked_host = host[0] + "*" * max(len(host) - 1, 3)
    return f"{local[0]}***@{masked_host}{dot}{tld if dot else ''}"


def mask_phone(phone: str) -> str:
    """'+6281234567890' -> '+628*******890'."""
    phone = phone or ""
    if len(phone) <= 7:
        return "*" * len(phone)
    return phone[:4] + "*" * (len(phone) - 7) + phone[-3:]
