"""The BSrE-style remote signer: the v1 HTTP API that OpenSID and OpenDK call.

`POST {SIGNING_BSRE_URL}/api/sign/pdf` (multipart: file, nik, passphrase, tampilan, and for a
visible signature the marker text, the QR link and its size), with the application's Basic
auth. The answer is the signed PDF itself (document id in the `id_dokumen` header) or JSON
carrying it in base64. Errors come as JSON `{"error": "...", "status_code": 2031}`.

A sign call is never retried here: the connection is made first (a failure there means
nothing was sent, and the signer may simply try again), and once the request is sent a
missing answer means the service may have signed it anyway ("uncertain").
"""
import base64
import binascii
import http.client
import io
import json
import socket
from urllib.parse import urlsplit

from flask import current_app
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from portal.letters.signers import SignRequest, SignResult, SigningError

SIGN_PATH = "api/sign/pdf"
STATUS_PATH = "api/user/status/{nik}"
# BSrE's status codes we explain to the signer; others show the service's own words.
ERROR_CODES = {2011: "not_registered", 2031: "wrong_passphrase"}
BASE64_KEYS = ("file", "base64_signed_file", "signed_file", "base64")
REFERENCE_KEYS = ("id_dokumen", "id", "document_id")
# BSrE's word for a holder's certificate -> ours; anything else is "unknown".
CERTIFICATE_STATES = {"ISSUE": "active", "EXPIRED": "expired", "REVOKE": "revoked",
                      "SUSPEND": "suspended", "NEW": "pending",
                      "WAITING_FOR_VERIFICATION": "pending", "NOT_REGISTERED": "not_registered"}
STAMP_SIZE = ("90", "90")


def _connection(timeout: float) -> tuple[http.client.HTTPConnection, str]:
    base = urlsplit(current_app.config["SIGNING_BSRE_URL"])
    kind = http.client.HTTPSConnection if base.scheme == "https" else http.client.HTTPConnection
    return kind(base.hostname, base.port, timeout=timeout), base.path.rstrip("/")


def _headers(content_type: str = "") -> dict:
    user = current_app.config.get("SIGNING_BSRE_USERNAME") or ""
    password = current_app.config.get("SIGNING_BSRE_PASSWORD") or ""
    token = base64.b64encode(f"{user}:{password}".encode("utf-8")).decode("ascii")
    headers = {"Authorization": f"Basic {token}", "Accept": "application/pdf, application/json"}
    if content_type:
        headers["Content-Type"] = content_type
    return headers


def _form(pdf: bytes, request: SignRequest) -> tuple[str, bytes]:
    fields = MultiDict([("nik", request.nik), ("passphrase", request.passphrase),
                        ("tampilan", "visible" if request.marker else "invisible")])
    if request.marker:
        fields.update({"tag_koordinat": request.marker, "linkQR": request.verify_url,
                       "width": STAMP_SIZE[0], "height": STAMP_SIZE[1],
                       "reason": request.reason, "location": request.location})
    fields.add("file", FileStorage(io.BytesIO(pdf), filename="surat.pdf",
                                   content_type="application/pdf"))
    boundary, body = encode_multipart(fields)
    return f"multipart/form-data; boundary={boundary}", body


def _error_of(status: int, body: bytes) -> SigningError:
    if status == 401:
        return SigningError("service_refused")
    try:
        answer = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        answer = {}
    answer = answer if isinstance(answer, dict) else {}
    code = answer.get("status_code")
    detail = str(answer.get("error") or answer.get("message") or f"HTTP {status}")[:300]
    if code in ERROR_CODES:
        return SigningError(ERROR_CODES[code])
    return SigningError("rejected", f"{code or status}: {detail}")


def _signed_pdf(response: http.client.HTTPResponse, body: bytes) -> SignResult:
    reference = response.getheader("id_dokumen") or ""
    if body.startswith(b"%PDF"):
        return SignResult(pdf=body, reference=reference[:120])
    try:
        answer = json.loads(body.decode("utf-8"))
        encoded = next(answer[key] for key in BASE64_KEYS if answer.get(key))
        encoded = encoded[0] if isinstance(encoded, list) else encoded
        pdf = base64.b64decode(encoded, validate=True)
    except (UnicodeDecodeError, ValueError, StopIteration, TypeError, AttributeError,
            binascii.Error):
        raise SigningError("bad_answer") from None
    if not pdf.startswith(b"%PDF"):
        raise SigningError("bad_answer")
    reference = reference or next((str(answer[k]) for k in REFERENCE_KEYS if answer.get(k)), "")
    return SignResult(pdf=pdf, reference=reference[:120])


def sign(pdf: bytes, request: SignRequest) -> SignResult:
    """Have the BSrE service sign `pdf` for the signer's NIK; raises SigningError."""
    if not request.nik:
        raise SigningError("no_nik")
    content_type, body = _form(pdf, request)
    connection, prefix = _connection(current_app.config["SIGNING_BSRE_CONNECT_TIMEOUT"])
    try:
        connection.connect()
    except OSError:
        connection.close()
        raise SigningError("unreachable") from None
    connection.sock.settimeout(current_app.config["SIGNING_BSRE_TIMEOUT"])
    try:
        connection.request("POST", f"{prefix}/{SIGN_PATH}", body=body,
                           headers=_headers(content_type))
        response = connection.getresponse()
        answer = response.read()
    except (socket.timeout, OSError, http.client.HTTPException):
        raise SigningError("uncertain") from None
    finally:
        connection.close()
    if response.status != 200:
        raise _error_of(response.status, answer)
    return _signed_pdf(response, answer)


def user_status(nik: str) -> dict:
    """BSrE's answer about a NIK's certificate ({'status': 'ISSUE', ...}); {} if unreachable."""
    connection, prefix = _connection(current_app.config["SIGNING_BSRE_CONNECT_TIMEOUT"])
    try:
        connection.request("GET", f"{prefix}/{STATUS_PATH.format(nik=nik)}", headers=_headers())
        response = connection.getresponse()
        answer = json.loads(response.read().decode("utf-8") or "{}")
    except (OSError, http.client.HTTPException, ValueError):
        return {}
    finally:
        connection.close()
    return answer if isinstance(answer, dict) else {}


def certificate_state(nik: str) -> str:
    """Whether the signer's certificate can sign now, told before they type the passphrase."""
    answer = user_status(nik)
    if answer.get("status_code") in ERROR_CODES:
        return ERROR_CODES[answer["status_code"]]
    return CERTIFICATE_STATES.get(str(answer.get("status", "")).upper(), "unknown")
