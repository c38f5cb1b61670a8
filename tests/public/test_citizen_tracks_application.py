"""Lacak: anyone with the number sees the timeline, never the full personal data; guessing is slowed."""


def test_the_timeline_shows_steps_units_times_and_remarks_with_personal_data_masked(
        client, returned_by_kasi):
    application = returned_by_kasi

    page = client.get(f"/lacak?no={application.reg_no}").get_data(as_text=True)
    for text in ("Terdaftar", "Dikonfirmasi, menunggu verifikasi",
                 "Disetujui Admin Kelurahan Lubuk Baja Kota",
                 "Dikembalikan untuk perbaikan oleh Kasi Kelurahan Lubuk Baja Kota",
                 "Kasi Kelurahan", "Foto KK kurang jelas, mohon unggah ulang.", "WIB",
                 application.service.name):
        assert text in page
    assert "2171********0001" in page and "2171064501900001" not in page
    assert "S. R." in page and "Siti Rahmawati" not in page
    assert "siti.rahma@contoh.id" not in page and "s***@c" in page
    assert "+6281234567890" not in page and "81234567890" not in page and "+628*******890" in page
    assert "2171060101200001" not in page  # KK
    assert "Jl. Duyung" not in page


def test_lowercase_and_spaces_around_the_number_are_forgiven(client, make_application):
    application = make_application()
    response = client.get(f"/lacak?no=%20{application.reg_no.lower()}%20")
    assert response.status_code == 200 and application.reg_no in response.get_data(True)


def test_unknown_and_malformed_numbers_get_the_same_answer(client, make_application):
    make_application()
    unknown = client.get("/lacak?no=LBK-2611-ZZZZZZZZ")
    malformed = client.get("/lacak?no=%3Cscript%3E'--")
    assert unknown.status_code == malformed.status_code == 404
    normalise = lambda response, number: response.get_data(True).replace(number, "#")  # noqa: E731
    assert normalise(unknown, "LBK-2611-ZZZZZZZZ") == normalise(malformed, "&lt;SCRIPT&gt;&#39;--")
    assert "Permohonan tidak ditemukan." in unknown.get_data(True)


def test_the_31st_tracking_request_in_a_minute_gets_429(make_app, demo):
    app = make_app(RATELIMIT_ENABLED=True)
    client = app.test_client()
    codes = [client.get(f"/lacak?no=LBK-2611-{i:08d}").status_code for i in range(30)]
    assert set(codes) == {404}
    blocked = client.get("/lacak?no=LBK-2611-00000031")
    assert blocked.status_code == 429
    assert "Terlalu banyak permintaan" in blocked.get_data(True)
    other = app.test_client().get("/lacak", environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 200  # another address is not affected
    assert app.test_client().get("/").status_code == 200  # nor are other pages
