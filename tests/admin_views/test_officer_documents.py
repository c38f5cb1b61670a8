"""Acceptance: requirement documents open inline for the right officers only, and every look is audited."""
from portal.extensions import db
from portal.models import AuditEntry

PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 32
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_lihat_data_shows_images_and_embeds_pdfs_through_the_scoped_route(
        make_application, advance, attach_document, officer, login_as):
    application = advance(make_application("sku"))
    image = attach_document(application, PNG, "image/png", "ktp.png", key="ktp")
    pdf = attach_document(application, PDF, "application/pdf", "kk.pdf", key="kk")
    browser = login_as(officer("Lubuk Baja Kota", "admin"))
    page = browser.get(f"/admin/data-baru/details/?id={application.id}").get_data(as_text=True)
    assert f'<img class="img-fluid" src="/admin/data-baru/document/{image.id}?inline=1"' in page
    assert f'<object data="/admin/data-baru/document/{pdf.id}?inline=1" type="application/pdf"' in page
    inline = browser.get(f"/admin/data-baru/document/{pdf.id}?inline=1")
    assert inline.status_code == 200 and inline.data == PDF
    assert inline.headers["Content-Type"] == "application/pdf"
    assert inline.headers["X-Content-Type-Options"] == "nosniff"
    download = browser.get(f"/admin/data-baru/document/{image.id}")
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["Cache-Control"] == "private, no-store"
    actions = [e.action for e in db.session.query(AuditEntry).order_by(AuditEntry.id)]
    assert actions[-3:] == ["view_application", "document_view", "document_download"]


def test_other_units_cannot_fetch_the_document(make_application, advance, attach_document,
                                               officer, login_as):
    application = advance(make_application("sku"))
    document = attach_document(application, PNG, "image/png", "ktp.png")
    stranger = login_as(officer("Baloi Indah", "admin"))
    for view in ("data-baru", "in-progress", "data-selesai"):
        assert stranger.get(f"/admin/{view}/document/{document.id}").status_code == 404
    assert db.session.query(AuditEntry).filter_by(action="document_download").count() == 0
