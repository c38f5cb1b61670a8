"""Uploaded files and letters are kept safely, on a local directory or an S3-compatible store."""
import hashlib
import os
import uuid

import pytest

from portal.files.storage import LocalStorage, S3Storage, get_storage, s3_client

S3_CREDENTIALS = {"S3_REGION": "us-east-1", "S3_ACCESS_KEY_ID": "layanan-test",
                  "S3_SECRET_ACCESS_KEY": "layanan-test-secret"}


@pytest.fixture(scope="session")
def s3_server():
    """A real S3 API (moto's server mode) on a free loopback port, for the whole run."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture(scope="session")
def s3(s3_server):
    """One boto3 client for the run (building a client costs half a second)."""
    return s3_client({"S3_ENDPOINT_URL": s3_server, **S3_CREDENTIALS})


@pytest.fixture
def s3_config(s3_server, s3):
    """Settings of a fresh, empty bucket on the S3 server."""
    config = {"S3_ENDPOINT_URL": s3_server, "S3_BUCKET": f"layanan-{uuid.uuid4().hex[:12]}",
              "S3_KEY_PREFIX": "batam/", **S3_CREDENTIALS}
    s3.create_bucket(Bucket=config["S3_BUCKET"])
    return config


@pytest.fixture(params=["local", "s3"])
def storage(request, tmp_path):
    """Each storage test runs against both backends."""
    if request.param == "local":
        return LocalStorage(str(tmp_path / "files"))
    config = request.getfixturevalue("s3_config")
    return S3Storage(request.getfixturevalue("s3"), config["S3_BUCKET"], config["S3_KEY_PREFIX"])


def test_a_saved_file_reads_back_byte_for_byte(storage):
    data = b"%PDF-1.4 surat pengantar\x00\xff" * 10
    key, _ = storage.save(data, "pdf")
    assert key.endswith(".pdf")
    assert storage.exists(key)
    assert storage.read(key) == data


def test_save_returns_the_sha256_of_the_bytes(storage):
    data = b"KTP Siti Rahmawati"
    _, digest = storage.save(data, "png")
    assert digest == hashlib.sha256(data).hexdigest()


def test_every_file_gets_its_own_unguessable_key(storage):
    first, _ = storage.save(b"same bytes", "png")
    second, _ = storage.save(b"same bytes", "png")
    assert first != second
    assert len(first.split(".")[0]) == 40


def test_an_empty_file_is_still_a_file(storage):
    key, digest = storage.save(b"")
    assert storage.exists(key)
    assert storage.read(key) == b""
    assert digest == hashlib.sha256(b"").hexdigest()


def test_reading_a_missing_key_raises_file_not_found(storage):
    missing = "0" * 40 + ".pdf"
    assert not storage.exists(missing)
    with pytest.raises(FileNotFoundError):
        storage.read(missing)


def test_a_deleted_file_is_gone_and_deleting_twice_is_harmless(storage):
    key, _ = storage.save(b"surat lama", "pdf")
    kept, _ = storage.save(b"surat baru", "pdf")
    storage.delete(key)
    storage.delete(key)
    assert not storage.exists(key)
    with pytest.raises(FileNotFoundError):
        storage.read(key)
    assert storage.read(kept) == b"surat baru"


@pytest.mark.parametrize("bad_key", [
    "", "../../etc/passwd", "..", ".hidden", "ab/cd", "ab\\cd", "/etc/passwd",
    "a" * 121, "abc..pdf", "abc.pdf/../x", "abc def", "abc\x00.pdf",
])
def test_keys_that_could_leave_the_store_are_refused(storage, bad_key):
    for operation in (storage.read, storage.exists, storage.delete):
        with pytest.raises(ValueError):
            operation(bad_key)


def test_a_suffix_that_is_not_a_file_type_is_refused(storage):
    with pytest.raises(ValueError):
        storage.save(b"x", "pdf/../../x")


def test_a_suffix_given_with_its_dot_is_accepted(storage):
    key, _ = storage.save(b"x", ".jpg")
    assert key.endswith(".jpg") and ".." not in key


def test_a_large_upload_round_trips(storage):
    data = os.urandom(24 * 1024 * 1024)  # just under MAX_CONTENT_LENGTH (25 MiB)
    key, digest = storage.save(data, "pdf")
    assert digest == hashlib.sha256(data).hexdigest()
    assert hashlib.sha256(storage.read(key)).hexdigest() == digest


def test_local_files_live_under_the_configured_directory(tmp_path):
    store = LocalStorage(str(tmp_path / "files"))
    key, _ = store.save(b"x", "png")
    assert (tmp_path / "files" / key[:2] / key).read_bytes() == b"x"


def test_s3_objects_live_under_the_key_prefix(s3, s3_config):
    store = S3Storage(s3, s3_config["S3_BUCKET"], "batam")
    key, _ = store.save(b"x", "png")
    listed = s3.list_objects_v2(Bucket=s3_config["S3_BUCKET"])
    assert [item["Key"] for item in listed["Contents"]] == [f"batam/{key}"]


def test_the_app_uses_the_local_directory_by_default(app, tmp_path):
    store = get_storage()
    assert isinstance(store, LocalStorage)
    assert str(store.root) == app.config["STORAGE_DIR"]


def test_the_app_can_be_switched_to_s3_by_configuration(make_app, s3_config):
    app = make_app(STORAGE_BACKEND="s3", **s3_config)
    with app.app_context():
        store = get_storage()
        assert isinstance(store, S3Storage)
        key, _ = store.save(b"surat", "pdf")
        assert get_storage().read(key) == b"surat"


def test_s3_without_a_bucket_is_a_clear_startup_error(make_app):
    app = make_app(STORAGE_BACKEND="s3", S3_BUCKET=None)
    with app.app_context(), pytest.raises(RuntimeError, match="S3_BUCKET"):
        get_storage()
