"""Family members: at most five; verified members' applications appear; one applies for them."""
import html
import io

from portal.extensions import db
from portal.citizens.family import refuse_member
from portal.models import FamilyMember
from portal.files.storage import get_storage

from tests.fixtures.citizen import post_multipart, sample_pdf

ACCOUNT_KK = "2171060101200001"


def _member(nik: str, kk: str = ACCOUNT_KK, **extra) -> dict:
    return {"nik": nik, "kk": kk, "name": f"Anak {nik[-2:]}", "relationship_label": "Anak",
            **extra}


def _add(client, data: dict):
    return post_multipart(client, "/akun/keluarga", data)


def test_the_sixth_family_member_is_refused(client, citizen_account, citizen_login):
    account = citizen_account()
    citizen_login(client)
    for number in range(1, 6):
        assert _add(client, _member(f"21710645019000{number + 10}")).status_code == 303
    response = _add(client, _member("2171064501900099"))
    assert response.status_code == 200
    assert "paling banyak 5 anggota keluarga" in html.unescape(response.get_data(as_text=True))
    assert db.session.execute(db.select(db.func.count(FamilyMember.id)).filter_by(
        account_id=account.id)).scalar_one() == 5


def test_a_member_on_another_kk_needs_proof_and_waits_for_an_officer(
        client, citizen_account, citizen_login):
    citizen_account()
    citizen_login(client)
    without = _add(client, _member("2171064501900011", kk="2171060101209999"))
    assert "memerlukan bukti" in html.unescape(without.get_data(as_text=True))
    with_proof = _add(client, _member("2171064501900011", kk="2171060101209999",
                                      doc_proof=(io.BytesIO(sample_pdf()), "akta.pdf")))
    assert with_proof.status_code == 303
    member = db.session.execute(db.select(FamilyMember)).scalar_one()
    assert member.status == "waiting" and member.proof_document is not None


def test_the_same_nik_twice_or_a_bad_nik_is_refused(client, citizen_account, citizen_login):
    citizen_account()
    citizen_login(client)
    _add(client, _member("2171064501900011"))
    again = _add(client, _member("2171064501900011"))
    assert "sudah ada di akun Anda" in html.unescape(again.get_data(as_text=True))
    bad = _add(client, _member("12345"))
    assert "16 digit" in bad.get_data(as_text=True)


def test_verified_members_applications_are_listed_and_the_form_is_for_them(
        client, citizen_account, citizen_login, make_application):
    citizen_account()
    citizen_login(client)
    _add(client, _member("2171064501900011"))
    member = db.session.execute(db.select(FamilyMember)).scalar_one()
    child = make_application(applicant_nik="2171064501900011", applicant_name="Anak 11")
    page = client.get("/akun/permohonan").get_data(as_text=True)
    assert child.reg_no in page
    form = html.unescape(client.get(f"/layanan/skck/ajukan?untuk={member.id}").get_data(True))
    assert 'value="2171064501900011"' in form and 'value="Anak 11"' in form


def test_a_waiting_members_applications_stay_hidden(client, citizen_account, citizen_login,
                                                     make_application):
    citizen_account()
    citizen_login(client)
    _add(client, _member("2171064501900011", kk="2171060101209999",
                         doc_proof=(io.BytesIO(sample_pdf()), "akta.pdf")))
    hidden = make_application(applicant_nik="2171064501900011")
    assert hidden.reg_no not in client.get("/akun/permohonan").get_data(as_text=True)


def test_after_a_refusal_the_citizen_asks_again_with_new_proof(
        client, waiting_family_member, officer, citizen_login):
    old_proof_key = waiting_family_member.proof_document.storage_key
    refuse_member(waiting_family_member, officer("Lubuk Baja Kota", "admin"), "Akta buram.")
    citizen_login(client)
    again = _add(client, _member("2171064501900011", kk="2171060101209999",
                                 doc_proof=(io.BytesIO(sample_pdf()), "akta-jelas.pdf")))
    assert again.status_code == 303
    member = db.session.execute(db.select(FamilyMember).filter_by(
        nik="2171064501900011")).scalar_one()
    assert member.status == "waiting" and member.refusal_reason == ""
    assert member.proof_document.original_name == "akta-jelas.pdf"
    assert not get_storage().exists(old_proof_key)
    assert "Ditolak" not in html.unescape(client.get("/akun/keluarga").get_data(as_text=True))


def test_a_refused_request_holds_no_place_among_the_five(
        client, waiting_family_member, officer, citizen_login):
    refuse_member(waiting_family_member, officer("Lubuk Baja Kota", "admin"), "Bukan saudara.")
    citizen_login(client)
    for number in range(1, 6):
        assert _add(client, _member(f"21710645019000{number + 20}")).status_code == 303
    assert _add(client, _member("2171064501900099")).status_code == 200


def test_the_family_page_has_a_button_that_leads_to_a_form_for_that_member(
        client, citizen_account, citizen_login):
    citizen_account()
    citizen_login(client)
    _add(client, _member("2171064501900011"))
    member = db.session.execute(db.select(FamilyMember)).scalar_one()
    page = html.unescape(client.get("/akun/keluarga").get_data(True))
    assert f'href="/?untuk={member.id}"' in page and "Ajukan untuk Anak 11" in page
    catalogue = html.unescape(client.get(f"/?untuk={member.id}").get_data(True))
    assert "untuk anggota keluarga Anda" in catalogue
    assert f'href="/layanan/skck/ajukan?untuk={member.id}"' in catalogue
    service = html.unescape(client.get(f"/layanan/skck?untuk={member.id}").get_data(True))
    assert f'href="/layanan/skck/ajukan?untuk={member.id}"' in service


def test_the_apply_form_asks_for_whom_and_fills_in_the_chosen_person(
        client, citizen_account, citizen_login):
    citizen_account()
    citizen_login(client)
    assert "Untuk siapa?" not in client.get("/layanan/skck/ajukan").get_data(True)
    _add(client, _member("2171064501900011"))
    member = db.session.execute(db.select(FamilyMember)).scalar_one()
    own = html.unescape(client.get("/layanan/skck/ajukan").get_data(True))
    choice = own[own.index('id="untuk-siapa"'):own.index("</form>", own.index('id="untuk-siapa"'))]
    assert "Untuk siapa?" in choice and "Saya sendiri (Siti Rahmawati)" in choice
    assert 'value="" checked' in choice and f'value="{member.id}">' in choice
    assert "Anak: Anak 11" in choice
    chosen = html.unescape(client.get(f"/layanan/skck/ajukan?untuk={member.id}").get_data(True))
    assert f'value="{member.id}" checked' in chosen and 'value="2171064501900011"' in chosen
