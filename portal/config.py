"""Configuration: defaults here, then instance/config.py, then environment variables."""
import json
import os
from pathlib import Path

DEFAULT_SECRET_KEY = "dev-only-insecure-secret-key"

# Environment variables read at start-up, mapped to config keys.
ENV_KEYS = {
    "SECRET_KEY": "SECRET_KEY",
    "OUTBOX_KEY": "OUTBOX_KEY",
    "DATABASE_URL": "SQLALCHEMY_DATABASE_URI",
    "REDIS_URL": "REDIS_URL",
    "REDIS_CONNECT_TIMEOUT": "REDIS_CONNECT_TIMEOUT",
    "REDIS_SOCKET_TIMEOUT": "REDIS_SOCKET_TIMEOUT",
    "REDIS_RETRIES": "REDIS_RETRIES",
    "REDIS_BREAKER_SECONDS": "REDIS_BREAKER_SECONDS",
    "WORKER_HEARTBEAT_SECONDS": "WORKER_HEARTBEAT_SECONDS",
    "MAIL_SERVER": "MAIL_SERVER",
    "MAIL_PORT": "MAIL_PORT",
    "MAIL_DEFAULT_SENDER": "MAIL_DEFAULT_SENDER",
    "PUBLIC_BASE_URL": "PUBLIC_BASE_URL",
    "LAYANAN_ENV": "LAYANAN_ENV",
    "STORAGE_DIR": "STORAGE_DIR",
    "DEMO_PASSWORD": "DEMO_PASSWORD",
    "TRUSTED_PROXIES": "TRUSTED_PROXIES",
    "WKHTMLTOPDF_PATH": "WKHTMLTOPDF_PATH",
    "STORAGE_BACKEND": "STORAGE_BACKEND",
    "S3_BUCKET": "S3_BUCKET",
    "S3_ENDPOINT_URL": "S3_ENDPOINT_URL",
    "S3_REGION": "S3_REGION",
    "S3_ACCESS_KEY_ID": "S3_ACCESS_KEY_ID",
    "S3_SECRET_ACCESS_KEY": "S3_SECRET_ACCESS_KEY",
    "S3_KEY_PREFIX": "S3_KEY_PREFIX",
    "ACCOUNT_RETENTION_DAYS": "ACCOUNT_RETENTION_DAYS",
    "LETTER_SIGNING": "LETTER_SIGNING",
    "SIGNING_PKCS12_PATH": "SIGNING_PKCS12_PATH",
    "SIGNING_TRUST_ROOTS": "SIGNING_TRUST_ROOTS",
    "SIGNING_TSA_URL": "SIGNING_TSA_URL",
    "SIGNING_BSRE_URL": "SIGNING_BSRE_URL",
    "SIGNING_BSRE_USERNAME": "SIGNING_BSRE_USERNAME",
    "SIGNING_BSRE_PASSWORD": "SIGNING_BSRE_PASSWORD",
    "WHATSAPP_DRIVER": "WHATSAPP_DRIVER",
    "WHATSAPP_HTTP_TIMEOUT": "WHATSAPP_HTTP_TIMEOUT",
    "WHATSAPP_DELIVERY_DEADLINE_MINUTES": "WHATSAPP_DELIVERY_DEADLINE_MINUTES",
    "WA_CLOUD_BASE_URL": "WA_CLOUD_BASE_URL",
    "WA_CLOUD_PHONE_NUMBER_ID": "WA_CLOUD_PHONE_NUMBER_ID",
    "WA_CLOUD_ACCESS_TOKEN": "WA_CLOUD_ACCESS_TOKEN",
    "WA_CLOUD_APP_SECRET": "WA_CLOUD_APP_SECRET",
    "WA_CLOUD_VERIFY_TOKEN": "WA_CLOUD_VERIFY_TOKEN",
    "WA_CLOUD_TEMPLATE_LANGUAGE": "WA_CLOUD_TEMPLATE_LANGUAGE",
    "WA_CLOUD_TEMPLATES": "WA_CLOUD_TEMPLATES",
    "WA_FONNTE_BASE_URL": "WA_FONNTE_BASE_URL",
    "WA_FONNTE_TOKEN": "WA_FONNTE_TOKEN",
    "WA_FONNTE_WEBHOOK_SECRET": "WA_FONNTE_WEBHOOK_SECRET",
}
INT_KEYS = {"MAIL_PORT", "TRUSTED_PROXIES", "ACCOUNT_RETENTION_DAYS", "WHATSAPP_HTTP_TIMEOUT",
            "WHATSAPP_DELIVERY_DEADLINE_MINUTES", "REDIS_RETRIES", "REDIS_BREAKER_SECONDS",
            "WORKER_HEARTBEAT_SECONDS"}
FLOAT_KEYS = {"REDIS_CONNECT_TIMEOUT", "REDIS_SOCKET_TIMEOUT"}
LIST_KEYS = {"SIGNING_TRUST_ROOTS"}  # comma-separated in the environment
JSON_KEYS = {"WA_CLOUD_TEMPLATES"}  # e.g. '{"citizen_submitted": "layanan_diterima"}'
# What each WhatsApp driver cannot start without (WHATSAPP_DRIVER, docs/INSTALASI.md).
WHATSAPP_REQUIRED = {
    "log": (),
    "wa_cloud": ("WA_CLOUD_PHONE_NUMBER_ID", "WA_CLOUD_ACCESS_TOKEN", "WA_CLOUD_APP_SECRET",
                 "WA_CLOUD_VERIFY_TOKEN"),
    "wa_fonnte": ("WA_FONNTE_TOKEN", "WA_FONNTE_WEBHOOK_SECRET"),
}
MIN_WEBHOOK_SECRET_LENGTH = 24


class Defaults:
    """Settings every installation starts from; safe for development only."""

    LAYANAN_ENV = "development"
    SECRET_KEY = DEFAULT_SECRET_KEY
    SQLALCHEMY_DATABASE_URI = None  # filled with a SQLite file in instance/
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    REDIS_URL = None  # unset: jobs run inline
    # Every Redis client (queue, page cache, rate limits): seconds to connect, to wait for an
    # answer, retries (no back-off); after a failure web requests skip Redis this many seconds.
    REDIS_CONNECT_TIMEOUT = 0.5
    REDIS_SOCKET_TIMEOUT = 5.0
    REDIS_RETRIES = 1
    REDIS_BREAKER_SECONDS = 5
    # The watchdog (portal/watchdog.py): a worker's heartbeat lasts this many seconds; work
    # without a live job is taken up again once it is this old; "Proses ulang" shows for a
    # letter still pending after LETTER_STUCK_SECONDS.
    WORKER_HEARTBEAT_SECONDS = 10
    RECOVERY_GRACE_SECONDS = 10
    LETTER_STUCK_SECONDS = 120
    MAIL_SERVER = "localhost"
    MAIL_PORT = 25
    MAIL_DEFAULT_SENDER = "Layanan <layanan@localhost>"
    PUBLIC_BASE_URL = None  # unset: http://127.0.0.1:$PORT, where `make run` serves
    STORAGE_DIR = None  # filled with instance/files
    STORAGE_FSYNC = True  # local storage: each file on disk before it is named (tests: off)
    STORAGE_BACKEND = "local"  # or "s3": uploads and letters in an S3-compatible bucket
    S3_BUCKET = None
    S3_ENDPOINT_URL = None  # unset: AWS itself; e.g. http://minio.internal:9000
    S3_REGION = None
    S3_ACCESS_KEY_ID = None  # unset: boto3's own credential chain (env, instance role)
    S3_SECRET_ACCESS_KEY = None
    S3_KEY_PREFIX = ""  # e.g. "batam/" to share one bucket between installations
    DEMO_PASSWORD = "layanan-demo-2026"
    # The demo Administrator's second-factor key (base32), for an authenticator app (README).
    DEMO_TOTP_SECRET = "LAYANANDEMOADMINISTRATORBATAM234"
    BABEL_DEFAULT_LOCALE = "id"
    BABEL_DEFAULT_TIMEZONE = "Asia/Jakarta"
    MAX_CONTENT_LENGTH = 25 * 1024 * 1024
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True  # Redis down: limits still apply, per process
    RATELIMIT_SWALLOW_ERRORS = True
    CITY_NAME = "Kota Batam"
    TRUSTED_PROXIES = 0  # reverse proxies (nginx) in front of the app whose headers we trust
    OUTBOX_MAX_ATTEMPTS = 8  # then the row is marked failed and left for a person to look at
    # Fernet key sealing the tokens in outbox payloads (Fernet.generate_key()); unset: derived
    # from SECRET_KEY with HKDF. Changing it leaves undelivered rows with dead links.
    OUTBOX_KEY = None
    TRACKING_RATE_LIMIT = "30 per minute"
    # Login form POSTs per address and per network (/24, IPv6 /64); an office behind one NAT
    # address shares its budget, so the per-address limits leave room for a morning's logins.
    OFFICER_LOGIN_RATE_LIMIT = "10 per minute;30 per hour"
    OFFICER_LOGIN_NETWORK_RATE_LIMIT = "30 per minute;100 per hour"
    CITIZEN_LOGIN_RATE_LIMIT = "20 per minute;100 per hour"
    CITIZEN_LOGIN_NETWORK_RATE_LIMIT = "60 per minute;300 per hour"
    # Registration form POSTs per address: enough for a family, too few to probe NIKs.
    REGISTRATION_RATE_LIMIT = "20 per hour"
    PAGE_CACHE_PREFIX = "layanan:"  # Flask-Caching keys (Redis when REDIS_URL is set)
    PAGE_CACHE_SECONDS = 3600  # catalogue and service pages; any Administrator change renews
    TRACKING_CACHE_SECONDS = 600  # a tracking timeline; every transition renews it
    MENU_COUNT_SECONDS = 10  # an officer unit's menu counts; every transition renews them
    # The citizen API (/api/v1): requests per token (per address without one), logins per
    # address, how long a bearer token lasts and a one-time login code.
    API_RATE_LIMIT = "120 per minute"
    API_LOGIN_RATE_LIMIT = "10 per minute"
    API_TOKEN_DAYS = 30
    API_LOGIN_CODE_MINUTES = 10
    LETTER_PLACE = "Batam"  # the place before the date in a letter's signature block
    WKHTMLTOPDF_PATH = "/usr/bin/wkhtmltopdf"
    WKHTMLTOPDF_TIMEOUT = 60  # seconds before a hanging renderer is killed
    WKHTMLTOPDF_ZOOM = 1.3  # Debian's wkhtmltopdf (unpatched Qt) shrinks pages otherwise
    LETTER_RENDER_RETRY_INTERVALS = (30, 120, 600)  # back-off between render attempts
    PICKUP_SLOTS = ("08:00", "10:00", "13:00")  # pickup appointment times at every office
    PICKUP_SLOT_CAPACITY = 5  # pickups per slot, unless PICKUP_UNIT_CAPACITY names the unit
    PICKUP_UNIT_CAPACITY: dict = {}  # unit code -> pickups per slot
    PICKUP_DAYS_AHEAD = 10  # working days offered for booking
    # Identity images of refused or closed citizen accounts are deleted after this many days.
    ACCOUNT_RETENTION_DAYS = 90
    # The citizen waits for the PDF of their data; gunicorn ends a request after 30 seconds.
    PERSONAL_DATA_PDF_TIMEOUT = 20
    # Electronic signatures (docs/INSTALASI.md): "local" (the office's PKCS#12 with pyHanko),
    # "bsre" (the BSrE-style signing service) or "none" (letters are printed and signed by hand).
    LETTER_SIGNING = "local"
    SIGNING_PKCS12_PATH = None  # unset: instance/signing/kantor.p12 (seed-demo makes a demo one)
    SIGNING_TRUST_ROOTS = None  # list of PEM/DER files; unset: [instance/signing/ca.pem]
    SIGNING_TSA_URL = None  # a timestamp authority: PAdES-B-LT instead of B-B
    SIGNING_BSRE_URL = None  # e.g. https://esign.batam.go.id (the v1 API lives under /api/)
    SIGNING_BSRE_USERNAME = None  # the application's Basic-auth account at that service
    SIGNING_BSRE_PASSWORD = None
    SIGNING_BSRE_CONNECT_TIMEOUT = 10  # seconds to reach the service (then: try again later)
    SIGNING_BSRE_TIMEOUT = 90  # seconds to wait for a signature once the letter is sent
    SIGNING_PASSPHRASE_TTL = 600  # seconds the sealed passphrase waits for its signing job
    DEMO_SIGNING_PASSPHRASE = "tte-demo-2026"  # the demo certificate's passphrase (seed-demo)
    # WhatsApp notices (docs/INSTALASI.md): "" sends every notice by email; "log" (what
    # `make run` uses) only shows them to the Administrator; "wa_cloud" is Meta's WhatsApp
    # Business Cloud API, "wa_fonnte" the Fonnte gateway.
    WHATSAPP_DRIVER = ""
    WHATSAPP_HTTP_TIMEOUT = 15  # seconds to wait for a gateway's answer (connecting: 5)
    WHATSAPP_DELIVERY_DEADLINE_MINUTES = 30  # then the notice goes by email as well
    WA_CLOUD_BASE_URL = "https://graph.facebook.com/v21.0"
    WA_CLOUD_PHONE_NUMBER_ID = ""
    WA_CLOUD_ACCESS_TOKEN = ""
    WA_CLOUD_APP_SECRET = ""  # signs Meta's callbacks (X-Hub-Signature-256)
    WA_CLOUD_VERIFY_TOKEN = ""  # our answer to Meta's webhook verification
    WA_CLOUD_TEMPLATE_LANGUAGE = "id"
    WA_CLOUD_TEMPLATES: dict = {}  # our notice -> its template name at Meta (default: same)
    WA_FONNTE_BASE_URL = "https://api.fonnte.com"
    WA_FONNTE_TOKEN = ""  # the device token
    WA_FONNTE_WEBHOOK_SECRET = ""  # the last part of /webhooks/wa/fonnte/<secret>
    CONFIRMATION_RESENDS_PER_DAY = 3  # "Kirim ulang tautan konfirmasi", per application
    COMPLAINT_RESPONSE_DAYS = 5  # working days within which a unit answers a complaint


def env_overrides(environ=None) -> dict:
    """Return the config values given through environment variables."""
    environ = os.environ if environ is None else environ
    values = {}
    for env_name, key in ENV_KEYS.items():
        if env_name in environ and environ[env_name] != "":
            values[key] = _typed(key, environ[env_name])
    return values


def _typed(key: str, raw: str):
    if key in INT_KEYS:
        return int(raw)
    if key in FLOAT_KEYS:
        return float(raw)
    if key in JSON_KEYS:
        return json.loads(raw)
    if key in LIST_KEYS:
        return [part.strip() for part in raw.split(",") if part.strip()]
    return raw


def fill_instance_paths(config, instance_path: str) -> None:
    """Point the database and file storage into the instance folder when unset."""
    if not config.get("SQLALCHEMY_DATABASE_URI"):
        db_file = Path(instance_path) / "layanan.db"
        config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{db_file}"
    if not config.get("STORAGE_DIR"):
        config["STORAGE_DIR"] = str(Path(instance_path) / "files")
    signing = Path(instance_path) / "signing"
    if not config.get("SIGNING_PKCS12_PATH"):
        config["SIGNING_PKCS12_PATH"] = str(signing / "kantor.p12")
    if config.get("SIGNING_TRUST_ROOTS") is None:
        config["SIGNING_TRUST_ROOTS"] = [str(signing / "ca.pem")]
    if config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql://"):
        uri = config["SQLALCHEMY_DATABASE_URI"]
        config["SQLALCHEMY_DATABASE_URI"] = "postgresql+psycopg://" + uri[len("postgresql://"):]


def fill_public_base_url(config, environ=None) -> None:
    """Without PUBLIC_BASE_URL, links in messages and letters point where `flask run` serves.

    Taken from PORT (what `make run` passes on), never from a request's Host header, which
    anyone can forge into a password-reset email.
    """
    if config.get("PUBLIC_BASE_URL"):
        return
    environ = os.environ if environ is None else environ
    port = environ.get("PORT") or environ.get("FLASK_RUN_PORT") or "5000"
    config["PUBLIC_BASE_URL"] = f"http://127.0.0.1:{port}"


def check_whatsapp(config) -> None:
    """Refuse to start with an unknown WhatsApp driver or one missing what it needs."""
    driver = config.get("WHATSAPP_DRIVER") or ""
    if not driver:
        return
    if driver not in WHATSAPP_REQUIRED:
        raise RuntimeError(f"WHATSAPP_DRIVER={driver!r}: use one of {sorted(WHATSAPP_REQUIRED)}")
    missing = [key for key in WHATSAPP_REQUIRED[driver] if not config.get(key)]
    if missing:
        raise RuntimeError(f"WHATSAPP_DRIVER={driver} needs {', '.join(missing)}")
    secret = config.get("WA_FONNTE_WEBHOOK_SECRET") or ""
    if driver == "wa_fonnte" and len(secret) < MIN_WEBHOOK_SECRET_LENGTH:
        raise RuntimeError(f"WA_FONNTE_WEBHOOK_SECRET must have at least "
                           f"{MIN_WEBHOOK_SECRET_LENGTH} characters "
                           "(it is the callback's only lock)")


def check_production_safety(config) -> None:
    """Refuse to run in production with the well-known development secret key.

    Nor with the `log` WhatsApp driver, which would keep every WhatsApp notice from citizens.
    """
    if config.get("LAYANAN_ENV") != "production":
        return
    if config.get("WHATSAPP_DRIVER") == "log":
        raise RuntimeError("Refusing to start in production with WHATSAPP_DRIVER=log: "
                           "citizens would receive nothing; configure wa_cloud or wa_fonnte, "
                           "or leave it empty to send every notice by email.")
    if config.get("SECRET_KEY") in (None, "", DEFAULT_SECRET_KEY):
        raise RuntimeError(
            "Refusing to start in production with the default SECRET_KEY; "
            "set SECRET_KEY in the environment or instance/config.py."
        )
    config["SESSION_COOKIE_SECURE"] = True
    config["REMEMBER_COOKIE_SECURE"] = True
