"""One interface for every signing service: sign(pdf bytes, request) -> signed bytes + reference.

`LETTER_SIGNING` chooses the signer: "local" (the office's PKCS#12 with pyHanko,
`signer_local`), "bsre" (the BSrE-style HTTP service, `signer_bsre`) or "none" (letters are
printed and signed by hand). A refusal is a SigningError whose `code` names a row of
MESSAGES, the Indonesian text the signer reads.
"""
from dataclasses import dataclass
from typing import Callable, Optional

from flask import current_app

# The text a remote signer looks for to place the visible signature (base.html prints it).
PLACE_MARKER = "#ttd#"
MESSAGES = {
    "wrong_passphrase": "Passphrase salah. Periksa passphrase tanda tangan elektronik Anda, "
                        "lalu tandatangani ulang.",
    "not_registered": "NIK penanda tangan belum terdaftar sebagai pemilik sertifikat elektronik "
                      "di BSrE. Hubungi Administrator.",
    "no_nik": "NIK penanda tangan belum diisi pada data petugas. Minta Administrator "
              "mengisinya.",
    "service_refused": "Server tanda tangan elektronik menolak akun aplikasi Layanan (kode 401). "
                       "Hubungi Administrator.",
    "unreachable": "Server tanda tangan elektronik tidak dapat dihubungi. Surat belum "
                   "ditandatangani; coba lagi beberapa saat lagi.",
    "uncertain": "Server tanda tangan elektronik tidak menjawab setelah surat dikirim. Surat "
                 "mungkin sudah ditandatangani di sana: periksa dahulu, lalu tandatangani ulang "
                 "bila perlu. Sistem tidak mengulang sendiri.",
    "rejected": "Server tanda tangan elektronik menolak surat ini.",
    "bad_answer": "Jawaban server tanda tangan elektronik tidak berisi PDF bertanda tangan.",
    "no_keystore": "Sertifikat elektronik kantor belum dipasang. Hubungi Administrator.",
    "expired": "Waktu penandatanganan habis sebelum surat diproses. Ketik ulang passphrase.",
    "not_signatory": "Anda tidak berwenang menandatangani surat ini hari ini.",
    "render": "Surat gagal dibuat sebelum ditandatangani. Coba lagi atau hubungi Administrator.",
    "queue": "Antrean pekerjaan tidak tersedia. Surat belum ditandatangani; coba lagi.",
}


class SigningError(Exception):
    """The signature was not made; the message is user-facing (Indonesian)."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(MESSAGES[code])
        self.code = code
        self.detail = detail

    @property
    def text(self) -> str:
        """The message with the service's own words, if it gave any."""
        return f"{self} ({self.detail})" if self.detail else str(self)


@dataclass(frozen=True)
class SignRequest:
    """What a signer needs besides the PDF: who signs, with what, and where the QR leads."""

    passphrase: str
    signer_name: str
    signer_title: str
    nik: str
    reason: str
    location: str
    verify_url: str
    marker: str = ""  # text a remote signer looks for to place the visible signature


@dataclass(frozen=True)
class SignResult:
    """The signed PDF and the provider's reference to it (BSrE's document id)."""

    pdf: bytes
    reference: str = ""


Sign = Callable[[bytes, SignRequest], SignResult]


def provider() -> str:
    """'local', 'bsre', or '' when letters are signed by hand."""
    name = (current_app.config.get("LETTER_SIGNING") or "none").lower()
    return name if name in ("local", "bsre") else ""


def signing_enabled() -> bool:
    """True when letters are signed electronically before they are issued."""
    return bool(provider())


def signer() -> Optional[Sign]:
    """The configured `sign` function, or None when letters are signed by hand."""
    name = provider()
    if name == "local":
        from portal.letters.signer_local import sign
        return sign
    if name == "bsre":
        from portal.letters.signer_bsre import sign
        return sign
    return None
