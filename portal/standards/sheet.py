"""The service standard of one service, composed from what the service already says.

PermenPAN-RB 15/2014 lists the components a unit publishes for each service. Requirements
come from the service's documents, the procedure from its flow's stages and positions, the
time from its service level and the product from its letter; only the cost and the complaint
channel are written in the services editor. The service page shows these rows as "Standar
Pelayanan" and the printable sheet (the office's maklumat) prints the same rows.
"""
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from portal.models import Service
from portal.workflow.engine import FLOWS, POSITION_TITLES, POSITIONS


@dataclass(frozen=True)
class StandardRow:
    """One component of the standard and what it says, line by line."""

    key: str
    component: str
    lines: tuple[str, ...]


# The components, in the regulation's order: key -> heading.
COMPONENTS = (
    ("requirements", _l("Persyaratan")),
    ("procedure", _l("Sistem, mekanisme, dan prosedur")),
    ("time", _l("Jangka waktu penyelesaian")),
    ("cost", _l("Biaya/tarif")),
    ("product", _l("Produk pelayanan")),
    ("complaints", _l("Penanganan pengaduan, saran, dan masukan")),
)

KIND_NAMES = {"kelurahan": _l("kelurahan"), "kecamatan": _l("kecamatan")}


def _requirements(service: Service) -> list[str]:
    return [doc.label + ("" if doc.mandatory else " " + _("(tidak wajib)"))
            + (" " + _("(dibawa ke kantor)") if doc.at_counter else "")
            for doc in service.documents]


def _stage_line(kind: str) -> str:
    titles = " → ".join(POSITION_TITLES[(position, kind)][0] for position in POSITIONS)
    return _("Pemeriksaan dan persetujuan di kantor %(kind)s: %(titles)s.",
             kind=KIND_NAMES[kind], titles=titles)


def _procedure(service: Service) -> list[str]:
    steps = [_("Pemohon mengisi formulir dan mengunggah persyaratan secara online."),
             _("Pemohon mengonfirmasi permohonan melalui tautan yang dikirim.")]
    steps += [_stage_line(kind) for kind in FLOWS[service.flow]]
    steps.append(_("Surat diterbitkan dengan nomor dan kode verifikasi."))
    steps.append(_("Surat diambil di kantor atau dikirim melalui pos/kurir.")
                 if service.offers_postal_delivery else _("Surat diambil di kantor."))
    return steps


def _complaints(service: Service) -> list[str]:
    if service.standard_complaints.strip():
        return [line.strip() for line in service.standard_complaints.splitlines()
                if line.strip()]
    days = current_app.config["COMPLAINT_RESPONSE_DAYS"]
    return [_("Formulir pengaduan di halaman layanan ini atau di halaman Lacak permohonan."),
            ngettext("Dijawab paling lambat %(num)d hari kerja.",
                     "Dijawab paling lambat %(num)d hari kerja.", days)]


def standard_of(service: Service) -> list[StandardRow]:
    """The rows of the service's standard, in the regulation's order."""
    lines = {
        "requirements": _requirements(service),
        "procedure": _procedure(service),
        "time": [ngettext("%(num)d hari kerja sejak permohonan dikonfirmasi.",
                          "%(num)d hari kerja sejak permohonan dikonfirmasi.",
                          service.service_level_days)],
        "cost": [service.standard_cost or _("Gratis")],
        "product": [service.standard_product or service.letter_title or service.name],
        "complaints": _complaints(service),
    }
    return [StandardRow(key, str(title), tuple(lines[key])) for key, title in COMPONENTS]
