"""`flask seed-demo` loads Kota Batam, its services, officers and sample applications, once."""
from sqlalchemy import func

from portal.extensions import db
from portal.models import Application, FormField, History, Officer, RequiredDocument, Service, Unit
from portal.workflow.engine import STATUSES

SPEC_FLOWS = ["KC", "KLKC", "KLKC", "KC", "KL", "KL", "KLKC", "KL", "KL", "KL", "KLKC", "KL",
              "KL", "KL", "KLKC", "KLKC", "KL", "KLKC", "KLKC", "KLKC", "KLKC", "KLKC", "KLKC"]


def counts() -> dict:
    return {model.__name__: db.session.scalar(db.select(func.count()).select_from(model))
            for model in (Unit, Service, FormField, RequiredDocument, Officer, Application, History)}


def test_seed_demo_twice_leaves_the_same_counts(runner):
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    after_first = counts()
    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code == 0, second.output
    assert counts() == after_first
    assert after_first["Application"] >= 200
    assert f'"applications": {after_first["Application"]}' in second.output  # operators see it
    statuses = set(db.session.scalars(db.select(Application.status).distinct()))
    assert statuses == set(STATUSES)
    services_used = db.session.scalar(db.select(func.count(Application.service_id.distinct())))
    assert services_used == 23


def test_batam_has_its_12_kecamatan_and_64_kelurahan(demo):
    kecamatan = db.session.scalars(db.select(Unit).filter_by(kind="kecamatan")).all()
    assert len(kecamatan) == 12
    assert db.session.scalar(db.select(func.count()).select_from(Unit)
                             .filter_by(kind="kelurahan")) == 64
    lubuk_baja = demo["Lubuk Baja"]
    assert lubuk_baja.code == "21.71.06" and lubuk_baja.short_code == "LB"
    assert sorted(k.name for k in lubuk_baja.children) == [
        "Baloi Indah", "Batu Selicin", "Kampung Pelita", "Lubuk Baja Kota", "Tanjung Uma"]
    assert demo["Lubuk Baja Kota"].letterhead_lines == [
        "PEMERINTAH KOTA BATAM", "KECAMATAN LUBUK BAJA", "KELURAHAN LUBUK BAJA KOTA"]


def test_the_23_services_have_the_spec_flows_and_real_requirements(demo):
    services = db.session.scalars(db.select(Service).order_by(Service.sort_order)).all()
    assert [s.flow for s in services] == SPEC_FLOWS
    assert services[15].name == "Surat Pindah Antar Kecamatan"
    for service in services:
        assert service.documents, service.code
        assert service.fields, service.code
        assert all(f.option_list for f in service.fields if f.type == "select")
    pindah = services[15]
    assert {"ktp", "kk", "pengantar_rtrw"} <= {d.key for d in pindah.documents}


def test_every_demo_unit_has_one_officer_per_position_and_a_head(demo):
    for name in ("Lubuk Baja", "Baloi Indah", "Batu Selicin", "Kampung Pelita",
                 "Lubuk Baja Kota", "Tanjung Uma"):
        unit = demo[name]
        positions = sorted(db.session.scalars(db.select(Officer.position).filter_by(unit_id=unit.id)))
        assert positions == ["admin", "kasi", "kepala", "sekretaris"]
        assert unit.head_officer.position == "kepala"
    nips = db.session.scalars(db.select(Officer.nip)).all()
    assert all(len(nip) == 18 and nip.isdigit() for nip in nips)
    assert db.session.scalar(db.select(func.count()).select_from(Officer)
                             .filter_by(is_administrator=True)) == 1


def test_demo_history_sends_no_email_to_made_up_citizens(runner):
    from portal.models import OutboxMessage

    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    statuses = set(db.session.scalars(db.select(OutboxMessage.status).distinct()))
    assert statuses == {"skipped"}
