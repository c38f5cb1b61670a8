"""Acceptance: a Plh. and a Plt. sign with their own names and prefixes; "a.n." and "u.b."
delegations read the same in the opening sentence as in the signature block, in all 23
bodies; composed words never double ("PT PT"); the kop carries every address line; the
title "Surat Pengantar …" is a service setting."""
import re
from datetime import date, datetime

import pytest

from portal.extensions import db
from portal.letters.html import render_html, sample_context, signer_context
from portal.letters.issuing import letter_of
from portal.letters.signatories import SIGNING_RULES, build_signer
from portal.models import Officer, Service, Substitution, frozen_clock
from tests.fixtures.signing import PASSPHRASE

DURING = datetime(2026, 11, 11, 3)  # Wednesday 10:00 WIB
VARIANTS = {  # (signing rule, stand-in prefix)
    "head": ("head", ""), "plh": ("head", "Plh."), "plt": ("head", "Plt."),
    "an": ("on_behalf", ""), "ub": ("by_order", ""), "plh-an": ("on_behalf", "Plh."),
}


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("&nbsp;", " ").split())


def _opening(text: str) -> str:
    return text.split("Yang bertanda tangan di bawah ini,", 1)[1].split("dengan ini", 1)[0]


def _block(text: str, place: str) -> str:
    return text.rsplit(f"{place},", 1)[1]


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_every_body_names_the_signer_as_the_block_does(app, demo, variant):
    rule, prefix = VARIANTS[variant]
    services = db.session.execute(db.select(Service).order_by(Service.sort_order)).scalars().all()
    assert len(services) == 23
    for service in services:
        context = sample_context(service)
        unit = demo[context["unit"]["name"]]
        signer = build_signer(SIGNING_RULES[rule], unit, "Nama Penanda Tangan", "1980", prefix)
        context["signer"] = signer_context(signer, unit)
        text = _text(render_html(context, service.code))
        opening, block = _opening(text), _block(text, context["letter"]["place"])
        assert signer.title in block and signer.title.split(" ")[0] in opening, service.code
        assert context["signer"]["statement"] in opening, (service.code, opening)
        if signer.on_behalf_of:
            assert f"a.n. {signer.on_behalf_of}" in block and \
                f"a.n. {signer.on_behalf_of}" in opening, service.code
        else:
            assert "a.n." not in opening + block, service.code
        if signer.by_order_of:
            assert f"{signer.by_order_of} u.b." in block and \
                f"u.b. {signer.by_order_of}" in opening, service.code
        if prefix:
            assert f"{prefix} " in opening and f"{prefix} " in block, service.code


@pytest.fixture
def stand_in(demo, officer):
    """Put someone in a post of Kelurahan Lubuk Baja Kota for November 2026."""

    def appoint(kind: str, substitute: Officer, position: str = "kepala", head=None):
        db.session.add(Substitution(kind=kind, unit_id=demo["Lubuk Baja Kota"].id,
                                    position=position, head_officer=head,
                                    substitute_officer=substitute, starts_on=date(2026, 11, 9),
                                    ends_on=date(2026, 11, 30), reason="Uji"))
        db.session.commit()

    return appoint


@pytest.mark.parametrize("kind, prefix", [("plh", "Plh."), ("plt", "Plt.")])
def test_a_stand_in_signs_with_their_own_name_and_prefix(
        local_signing, finish_application, officer, stand_in, sign_as, client, kind, prefix):
    lurah, sekretaris = officer("Lubuk Baja Kota", "kepala"), officer("Lubuk Baja Kota",
                                                                       "sekretaris")
    if kind == "plt":  # the post is vacant: the Lurah has left
        lurah.active = False
    stand_in(kind, sekretaris, head=lurah if kind == "plh" else None)
    with frozen_clock(DURING):
        application = finish_application("sku") if kind == "plh" else None
        if application is None:
            lurah.active = True  # to approve the head's step in the fixture, then leave again
            db.session.commit()
            application = finish_application("sku")
            lurah.active = False
            db.session.commit()
        letter = letter_of(application.id)
        assert sign_as(sekretaris, letter).status_code == 303
    assert letter.render_status == "ready"
    assert (letter.signer_name, letter.signer_title) == (
        sekretaris.name, f"{prefix} Lurah Lubuk Baja Kota")
    page = client.get(f"/verifikasi/{letter.verification_token}").get_data(as_text=True)
    assert f"{prefix} Lurah Lubuk Baja Kota: {sekretaris.name}" in page


def test_the_plh_finds_the_letter_in_their_queue_only_during_the_range(
        local_signing, finish_application, officer, stand_in, login_as, client):
    sekretaris = officer("Lubuk Baja Kota", "sekretaris")
    stand_in("plh", sekretaris, head=officer("Lubuk Baja Kota", "kepala"))
    application = finish_application("sku")
    letter = letter_of(application.id)
    login_as(sekretaris)
    with frozen_clock(DURING):
        assert letter.number in client.get("/admin/tanda-tangan/").get_data(as_text=True)
    with frozen_clock(datetime(2026, 12, 2, 3)):
        assert client.get(f"/admin/tanda-tangan/{letter.id}").status_code in (403, 404)


def test_on_behalf_letters_wait_for_the_sekretaris(local_signing, finish_application, officer,
                                                   sign_as):
    application = finish_application("tdup")  # signer_mode on_behalf, Kecamatan Lubuk Baja
    letter = letter_of(application.id)
    assert sign_as(officer("Lubuk Baja", "kepala"), letter).status_code in (403, 404)
    sekretaris = officer("Lubuk Baja", "sekretaris")
    assert sign_as(sekretaris, letter, PASSPHRASE).status_code == 303
    assert (letter.signer_title, letter.signer_on_behalf_of, letter.signer_name) == (
        "Sekretaris Camat", "Camat Lubuk Baja", sekretaris.name)


def test_composed_words_never_double(app, demo):
    from portal.letters.wording import after_word, counted, joined, prefixed

    assert prefixed("PT Maju Bersama", "PT") == "PT Maju Bersama"
    assert prefixed("PT. Maju Bersama", "PT") == "PT. Maju Bersama"
    assert prefixed("Maju Bersama", "PT") == "PT Maju Bersama"
    assert prefixed("CV Pratama", "PT") == "PT CV Pratama"
    assert counted("3", "orang") == "3 orang" and counted("3 orang", "orang") == "3 orang"
    assert counted("-", "orang") == "-" and joined(["-", "17 Mei 1990"]) == "17 Mei 1990"
    assert after_word("Karena hilang", "karena") == "karena hilang"
    assert after_word("Hilang", "karena") == "karena hilang"


def test_a_company_letter_reads_pt_once(local_signing, finish_application, officer, sign_as):
    from tests.fixtures.letters import pdf_text
    from portal.files.storage import get_storage

    application = finish_application("domisili-perusahaan")
    application.form_data = {**application.form_data, "bentuk_usaha": "PT",
                             "nama_perusahaan": "PT Maju Bersama", "jumlah_karyawan": ""}
    db.session.commit()
    letter = letter_of(application.id)
    sign_as(officer("Lubuk Baja", "sekretaris"), letter)
    text = " ".join(pdf_text(get_storage().read(letter.storage_key)).split())
    assert "Nama Perusahaan : PT Maju Bersama" in text and "PT PT" not in text
    assert "Yang bertanda tangan di bawah ini, Sekretaris Camat Lubuk Baja a.n. Camat Lubuk " \
           "Baja, Kota Batam" in text


def test_the_kop_shows_every_address_line_and_the_title_is_a_setting(app, demo):
    service = db.session.execute(db.select(Service).filter_by(code="sku")).scalar_one()
    service.letter_title = "Surat Keterangan Usaha Mikro"
    unit = demo[sample_context(service)["unit"]["name"]]
    unit.address = "Jl. Baloi Indah No. 1\nKota Batam, Kepulauan Riau 29432"
    unit.phone = "0778-123456"
    db.session.commit()
    text = _text(render_html(sample_context(service), service.code))
    assert "Jl. Baloi Indah No. 1 Kota Batam, Kepulauan Riau 29432 Telp. 0778-123456" in text
    assert "Surat Keterangan Usaha Mikro" in text
    ktp = db.session.execute(db.select(Service).filter_by(code="ktp-baru")).scalar_one()
    assert ktp.letter_title == "Surat Pengantar Permohonan KTP Baru (Cukup Umur)"
