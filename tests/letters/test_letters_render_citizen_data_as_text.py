"""Acceptance: markup in citizen data (or in an Administrator's template) fetches nothing
and reads no local file; it is printed as text."""
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from tests.fixtures.letters import pdf_text

from portal.extensions import db
from portal.files.storage import get_storage


@pytest.fixture
def tripwire():
    """A local HTTP server that records every request it receives."""
    requests = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's naming
            requests.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], requests
    server.shutdown()
    server.server_close()


def test_markup_in_the_applicants_name_is_printed_as_text(finish_application, print_letter,
                                                          tripwire):
    port, requests = tripwire
    name = f"Budi <img src=http://127.0.0.1:{port}/x> <iframe src=file:///etc/passwd>"
    application = finish_application("sku", applicant_name=name)
    application.form_data = {**application.form_data,
                             "nama_usaha": f"<img src=http://127.0.0.1:{port}/y>"}
    db.session.commit()
    letter = print_letter(application)
    assert letter.render_status == "ready", letter.render_error
    text = " ".join(pdf_text(get_storage().read(letter.storage_key)).split())
    assert f"<img src=http://127.0.0.1:{port}/x>" in text
    assert "<iframe src=file:///etc/passwd>" in text
    assert "root:x:0:0" not in text
    assert requests == []


def test_an_administrators_template_cannot_fetch_or_read_files(finish_application,
                                                               print_letter, tripwire):
    port, requests = tripwire
    application = finish_application("sku")
    application.service.letter_template = (
        f'<p>Isi khusus untuk {{{{ applicant.name }}}}.</p>'
        f'<img src="http://127.0.0.1:{port}/logo.png">'
        f'<link rel="stylesheet" href="http://localhost:{port}/gaya.css">'
        '<iframe src="file:///etc/passwd"></iframe><img src="file:///etc/hostname">'
        '<script>document.write("SKRIP JALAN")</script>')
    db.session.commit()
    letter = print_letter(application)
    assert letter.render_status == "ready", letter.render_error
    text = pdf_text(get_storage().read(letter.storage_key))
    assert "Isi khusus untuk Siti Rahmawati." in text
    assert "root:x:0:0" not in text and "SKRIP JALAN" not in text
    assert requests == []
