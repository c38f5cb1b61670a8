"""Logging a program in and out: a bearer token for NIK + password or NIK + one-time code."""
from flask_babel import lazy_gettext as _l

from portal.citizens import api_tokens
from portal.citizens import auth as citizen_auth
from public.api import bp
from public.api.auth import citizen_token, current_token, login_budget, token_budget
from public.api.citizen_schemas import (CodeRequestSchema, LoginSchema, MessageSchema,
                                        TokenSchema)
from public.api.docs import operation
from public.api.errors import api_abort
from public.api.fields import utc_time

CODE_SENT = _l("Bila NIK ini milik akun aktif, kode masuk sudah dikirim melalui WhatsApp atau "
               "email akun tersebut. Kode berlaku beberapa menit dan hanya sekali pakai.")
PASSWORD_OR_CODE = _l("Isi kata sandi atau kode, salah satu saja.")
CODE_FAILED = _l("NIK atau kode salah, kode sudah kedaluwarsa, atau akun belum aktif. Minta "
                 "kode baru bila perlu. Setelah 5 kali salah, akun dikunci selama 15 menit.")


def _login(nik: str, password: str, code: str):
    """The account for the given secret; 422 when neither or both are given, 401 when wrong."""
    if bool(password) == bool(code):
        api_abort(422, PASSWORD_OR_CODE, {"password": PASSWORD_OR_CODE})
    if code:
        account = api_tokens.authenticate_code(nik, code)
        if account is None:
            api_abort(401, CODE_FAILED)
        return account
    try:
        account = citizen_auth.authenticate(nik, password)
    except citizen_auth.AccountClosed:
        api_abort(401, citizen_auth.ACCOUNT_CLOSED_MESSAGE)
    if account is None:
        api_abort(401, citizen_auth.LOGIN_FAILED)
    return account


@bp.post("/masuk")
@login_budget()
@bp.arguments(LoginSchema)
@bp.response(201, TokenSchema, description=_l("Token baru."))
@operation("logIn", _l("Masuk"),
           _l("Menukar NIK dengan kata sandi akun, atau dengan kode dari POST /masuk/kode, "
              "dengan token Bearer. Akun harus aktif; aturan penguncian sama dengan halaman "
              "masuk. Jumlah percobaan dibatasi per alamat."), errors=(401, 422, 429))
def log_in(credentials: dict):
    """Check the NIK and its secret and hand out a new token."""
    account = _login(credentials["nik"], credentials.get("password", ""),
                     credentials.get("code", ""))
    token, row = api_tokens.issue(account)
    return {"token": token, "token_type": "Bearer", "expires_at": utc_time(row.expires_at)}


@bp.post("/masuk/kode")
@login_budget()
@bp.arguments(CodeRequestSchema)
@bp.response(202, MessageSchema, description=_l("Permintaan diterima."))
@operation("sendLoginCode", _l("Kirim kode masuk"),
           _l("Mengirim kode sekali pakai ke WhatsApp atau email akun (sesuai pilihan akun). "
              "Jawabannya sama, ada akun atau tidak."), errors=(422, 429))
def send_code(request_data: dict):
    """Send a one-time login code to the account's channels."""
    api_tokens.send_login_code(request_data["nik"])
    return {"message": str(CODE_SENT)}


@bp.post("/keluar")
@token_budget()
@citizen_token
@bp.response(204, description=_l("Token dicabut."))
@operation("logOut", _l("Keluar"), _l("Mencabut token yang dipakai; token lain tetap berlaku."),
           errors=(429,), secured=True)
def log_out():
    """Revoke the token of this request."""
    api_tokens.revoke(current_token())
    return None
