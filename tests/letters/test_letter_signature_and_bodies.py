"""Acceptance: the signature block follows the service's signer mode and the history
("a.n." for on-behalf services, "Plh." for a stand-in), and services added later get a
generic body listing every form field."""
import subprocess

from tests.fixtures.letters import pdf_text

from portal.workflow import transitions
from portal.extensions import db
from portal.models import FormField, Service
from portal.files.storage import get_storage


def letter_text(letter) -> str:
    return " ".join(pdf_text(get_storage().read(letter.storage_key)).split())


def signature_text(letter) -> str:
    """The text of the right half of the page's lower part: the signature block."""
    crop = ["-x", "300", "-y", "420", "-W", "300", "-H", "422"]
    result = subprocess.run(["pdftotext", *crop, "-", "-"], capture_output=True, check=True,
                            input=get_storage().read(letter.storage_key))
    return " ".join(result.stdout.decode("utf-8").split())


def test_head_signs_in_his_own_name(finish_application, print_letter, officer):
    letter = print_letter(finish_application("sku"))
    lurah = officer("Lubuk Baja Kota", "kepala")
    text = signature_text(letter)
    assert f"Lurah Lubuk Baja Kota {lurah.name} NIP. {lurah.nip}" in text
    assert "a.n." not in text and "Plh." not in text


def test_on_behalf_service_is_signed_by_the_sekretaris_for_the_head(
        finish_application, print_letter, officer):
    letter = print_letter(finish_application("tdup"))  # signer_mode on_behalf, Kecamatan
    sekretaris = officer("Lubuk Baja", "sekretaris")
    text = signature_text(letter)
    assert f"a.n. Camat Lubuk Baja Sekretaris Camat {sekretaris.name} NIP. {sekretaris.nip}" \
        in text


def test_stand_in_head_signs_as_plh(make_application, print_letter, officer):
    application = make_application(service_code="sku")
    transitions.perform(application.id, "confirm", transitions.SYSTEM)
    for position in ("admin", "kasi", "sekretaris"):
        transitions.perform(application.id, "approve", transitions.actor_for(
            officer("Lubuk Baja Kota", position)), expected_version=application.version)
    stand_in = officer("Lubuk Baja Kota", "sekretaris")
    transitions.perform(application.id, "approve", transitions.actor_for(
        stand_in, acting_prefix="Plh.", as_position="kepala"),
        expected_version=application.version)
    letter = print_letter(application)
    assert letter.signer_title == "Plh. Lurah Lubuk Baja Kota"
    assert f"Plh. Lurah Lubuk Baja Kota {stand_in.name} NIP. {stand_in.nip}" in \
        signature_text(letter)


def test_a_service_added_later_gets_a_generic_body_with_every_field(finish_application,
                                                                    print_letter):
    service = Service(code="sktm", name="Surat Keterangan Tidak Mampu", flow="KL",
                      classification_code="400", signer_mode="head")
    service.fields = [
        FormField(name="penghasilan", label="Penghasilan per bulan", type="number", position=0),
        FormField(name="keperluan", label="Keperluan surat", type="textarea", position=1),
        FormField(name="tanggal_survei", label="Tanggal survei", type="date", position=2),
    ]
    db.session.add(service)
    db.session.commit()
    letter = print_letter(finish_application("sktm"))
    text = letter_text(letter)
    assert letter.number.startswith("400/0001/LB-LBK/")
    for shown in ("SURAT KETERANGAN TIDAK MAMPU", "Penghasilan per bulan : 2",
                  "Keperluan surat : Jl. Raja Ali Haji No. 7 RT 002/RW 004",
                  "Tanggal survei : 17 Mei 1990", "Siti Rahmawati"):
        assert shown in text
