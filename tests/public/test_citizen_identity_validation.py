"""NIK and KK are exactly 16 ASCII digits; phone numbers are Indonesian mobiles stored as +62…."""
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from portal.citizens.application_form import ApplicantForm

VALID = {"nik": "2171064501900001", "kk": "2171060101200001", "name": "Siti Rahmawati",
         "email": "siti@contoh.id", "phone": "081234567890", "address": "Jl. Duyung No. 5"}


def _errors(app, **values):
    with app.test_request_context(method="POST"):
        form = ApplicantForm(formdata=MultiDict({**VALID, **values}), meta={"csrf": False})
        form.validate()
        return form.errors, form


def _is_sixteen_ascii_digits(text: str) -> bool:
    stripped = text.strip()
    return len(stripped) == 16 and all(ch in "0123456789" for ch in stripped)


unicode_digits = st.characters(categories=["Nd"]).filter(lambda ch: ch not in "0123456789")
near_misses = st.one_of(
    st.text(alphabet="0123456789", min_size=15, max_size=15),
    st.text(alphabet="0123456789", min_size=17, max_size=17),
    st.lists(st.one_of(st.sampled_from("0123456789"), unicode_digits),
             min_size=16, max_size=16).map("".join),
    st.text(alphabet="0123456789 ", min_size=16, max_size=18).filter(lambda t: " " in t.strip()),
    st.text(max_size=20),
)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(value=near_misses)
@example(value="٢١٧١٠٦٤٥٠١٩٠٠٠٠١")  # Arabic-Indic digits
@example(value="２１７１０６４５０１９０００００１")  # full-width digits
@example(value="2171 0645 0190 0001")
@example(value="217106450190000")
@example(value="21710645019000012")
def test_nik_and_kk_accept_only_sixteen_ascii_digits(app, value):
    errors, form = _errors(app, nik=value, kk=value)
    if _is_sixteen_ascii_digits(value):
        assert "nik" not in errors and "kk" not in errors
    else:
        assert "nik" in errors and "kk" in errors
        assert form.nik.data == value.strip()  # what was typed is shown back


@pytest.mark.parametrize("typed, stored", [
    ("081234567890", "+6281234567890"),
    ("0812-3456-7890", "+6281234567890"),
    ("+62 812 3456 7890", "+6281234567890"),
    ("6281234567890", "+6281234567890"),
    ("(0812) 3456.789", "+628123456789"),
])
def test_indonesian_mobile_numbers_are_normalised(app, typed, stored):
    errors, form = _errors(app, phone=typed)
    assert "phone" not in errors and form.phone.data == stored


@pytest.mark.parametrize("typed", ["0212345678", "+6521234567", "0812", "08123456789012345",
                                   "08l2345678", "０８１２３４５６７８９０"])
def test_other_phone_numbers_are_refused_with_a_message(app, typed):
    errors, _ = _errors(app, phone=typed)
    assert errors["phone"] == ["Nomor HP Indonesia tidak valid, contoh: 0812 3456 7890."]
