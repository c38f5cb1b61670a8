"""Acceptance: citizens' NIK logins are limited per address and per network (IPv4 /24), with
the friendly Indonesian 429 page; other networks are not affected."""


def post_login(client, address):
    return client.post("/akun/masuk", data={"nik": "2171064501900001", "password": "tebakan"},
                       environ_base={"REMOTE_ADDR": address})


def test_the_21st_login_from_one_address_in_a_minute_is_refused(make_app):
    client = make_app(RATELIMIT_ENABLED=True).test_client()
    codes = [post_login(client, "203.0.113.7").status_code for _ in range(21)]
    assert set(codes[:20]) == {200} and codes[20] == 429
    assert "Terlalu banyak permintaan" in post_login(client, "203.0.113.7").get_data(True)
    assert post_login(client, "198.51.100.20").status_code == 200


def test_addresses_of_one_network_share_a_budget(make_app):
    client = make_app(RATELIMIT_ENABLED=True, CITIZEN_LOGIN_NETWORK_RATE_LIMIT="5 per minute")
    client = client.test_client()
    codes = [post_login(client, f"203.0.113.{i}").status_code for i in range(1, 7)]
    assert codes == [200] * 5 + [429]
    assert post_login(client, "198.51.100.20").status_code == 200
