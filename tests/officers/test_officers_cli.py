"""The IT office manages officer accounts from the command line."""
import json

from portal.extensions import db
from portal.models import Officer


def test_officers_list_json_prints_the_demo_officers(runner, demo):
    result = runner.invoke(args=["officers", "list", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert len(rows) == 25
    camat = next(r for r in rows if r["position"] == "kepala" and r["unit_name"] == "Kecamatan Lubuk Baja")
    assert camat["unit_code"] == "21.71.06" and camat["active"] is True
    assert {"nip", "name", "position", "unit_code", "unit_name", "active",
            "is_administrator"} <= set(camat)
    assert sum(r["is_administrator"] for r in rows) == 1


def test_first_administrator_of_a_real_install_is_created_with_flags(runner, app):
    result = runner.invoke(args=[
        "officers", "create", "--nip", "198001012005011002", "--name", "Ani Kominfo",
        "--email", "ani@batam.go.id", "--administrator", "--password", "sandi-yang-panjang-1"])
    assert result.exit_code == 0, result.output
    officer = db.session.execute(db.select(Officer).filter_by(nip="198001012005011002")).scalar_one()
    assert officer.is_administrator and officer.check_password("sandi-yang-panjang-1")
    assert not officer.check_password("salah")


def test_create_refuses_a_short_nip_a_short_password_and_a_duplicate(runner, demo):
    bad_nip = runner.invoke(args=["officers", "create", "--nip", "12345", "--name", "X",
                                  "--email", "", "--administrator", "--password", "p" * 12])
    assert bad_nip.exit_code != 0 and "18 digit" in bad_nip.output
    short = runner.invoke(args=["officers", "create", "--nip", "198001012005011003", "--name", "X",
                                "--email", "", "--administrator", "--password", "pendek"])
    assert short.exit_code != 0 and "minimal 12" in short.output
    duplicate = runner.invoke(args=["officers", "create", "--nip", "197001012000011001",
                                    "--name", "X", "--email", "", "--administrator",
                                    "--password", "p" * 12])
    assert duplicate.exit_code != 0 and "sudah terdaftar" in duplicate.output


def test_unit_officer_needs_a_known_unit_and_position(runner, demo):
    result = runner.invoke(args=[
        "officers", "create", "--nip", "199001012015011004", "--name", "Budi",
        "--email", "", "--no-administrator", "--position", "kasi", "--unit-code", "21.71.06.1004",
        "--password", "sandi-yang-panjang-1"])
    assert result.exit_code == 0, result.output
    officer = db.session.execute(db.select(Officer).filter_by(nip="199001012015011004")).scalar_one()
    assert officer.unit.name == "Lubuk Baja Kota" and officer.position == "kasi"
    unknown = runner.invoke(args=[
        "officers", "create", "--nip", "199001012015011005", "--name", "Budi", "--email", "",
        "--no-administrator", "--position", "kasi", "--unit-code", "99.99",
        "--password", "sandi-yang-panjang-1"])
    assert unknown.exit_code != 0
