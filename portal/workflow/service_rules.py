"""What makes a service definition valid: the rules behind the Administrator's editor."""
import keyword
import re
import unicodedata
from typing import Iterable

from wtforms.fields.choices import SelectChoice

from portal.models.service import FIELD_TYPES, IDENTITY_KINDS, SIGNER_MODES
from portal.workflow.engine import FLOWS

# File kinds an applicant may upload (checked by content on the citizen site).
ACCEPTED_FILE_TYPES = ("pdf", "jpg", "png")
CODE_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$", re.ASCII)
NAME_PATTERN = re.compile(r"^[a-z_][a-z0-9_]*$", re.ASCII)

FLOW_LABELS = {"KL": "KL — tahap kelurahan saja", "KC": "KC — tahap kecamatan saja",
               "KLKC": "KLKC — kelurahan lalu kecamatan"}
SIGNER_LABELS = {"head": "Lurah/Camat (atau Plh./Plt.)",
                 "on_behalf": "Sekretaris, a.n. Lurah/Camat (atas nama)",
                 "by_order": "Kasi, u.b. Sekretaris a.n. Lurah/Camat (untuk beliau)"}
FIELD_TYPE_LABELS = {"text": "Teks singkat", "textarea": "Teks panjang", "number": "Angka",
                     "date": "Tanggal", "select": "Pilihan"}
IDENTITY_LABELS = {"": "Bukan", "ktp": "KTP pemohon", "kk": "Kartu Keluarga pemohon"}

MESSAGES = {
    "code": "Kode hanya huruf kecil, angka dan tanda hubung, mis. surat-keterangan-usaha.",
    "code_taken": "Kode layanan ini sudah dipakai layanan lain.",
    "name": "Nama isian harus berupa pengenal: huruf kecil, angka dan garis bawah, "
            "diawali huruf, mis. nama_usaha.",
    "name_taken": "Nama isian '{name}' dipakai lebih dari sekali pada layanan ini.",
    "key_taken": "Kode dokumen '{name}' dipakai lebih dari sekali pada layanan ini.",
    "options": "Isian jenis Pilihan memerlukan minimal satu opsi (satu opsi per baris).",
    "types": "Pilih minimal satu jenis berkas yang diterima.",
    "unknown_type": "Jenis berkas '{name}' tidak dikenal; pilih dari {allowed}.",
    "identity_taken": "Dokumen identitas '{name}' dipilih untuk lebih dari satu dokumen.",
    "non_negative": "Isi dengan bilangan bulat 0 atau lebih (paling banyak 10000).",
    "whole_number": "Isi dengan bilangan bulat, mis. 0 atau 30.",
}


def choices(labels: dict, keys: Iterable[str]) -> list[SelectChoice]:
    """Select options (value, label) in the order of `keys`."""
    return [SelectChoice(key, labels.get(key, key)) for key in keys]


FLOW_CHOICES = choices(FLOW_LABELS, FLOWS)
SIGNER_CHOICES = choices(SIGNER_LABELS, SIGNER_MODES)
FIELD_TYPE_CHOICES = choices(FIELD_TYPE_LABELS, FIELD_TYPES)
IDENTITY_CHOICES = choices(IDENTITY_LABELS, ("", *IDENTITY_KINDS))


def is_service_code(value: str) -> bool:
    """A URL-friendly code: 'surat-keterangan-usaha'."""
    return bool(CODE_PATTERN.fullmatch(value or ""))


def typed_service_code(value) -> str:
    """A code as typed, in the house shape where that is plain: 'Surat Usaha' -> 'surat-usaha'."""
    if not isinstance(value, str):
        return value
    return re.sub(r"[\s_]+", "-", value.strip()).lower()


def service_code_from(name: str) -> str:
    """The code suggested for a name: 'Surat Keterangan Usaha' -> 'surat-keterangan-usaha'."""
    plain = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", plain.lower()))[:40].strip("-")


def is_field_name(value: str) -> bool:
    """A lower-case identifier usable as a form and letter-template variable."""
    return bool(NAME_PATTERN.fullmatch(value or "")) and not keyword.iskeyword(value)


def duplicates(names: Iterable[str]) -> list[str]:
    """Names given more than once, in first-seen order."""
    seen, repeated = set(), []
    for name in names:
        if name in seen and name not in repeated:
            repeated.append(name)
        seen.add(name)
    return repeated
