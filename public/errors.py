"""Friendly Indonesian error pages (JSON error objects under /api/); never a stack trace."""
from flask import render_template
from flask_babel import lazy_gettext as _l

from public import bp
from public.api.errors import API_ERRORS, answers_in_json, http_error_response

# status code -> (title, explanation)
ERRORS = {
    400: (_l("Permintaan tidak valid"),
          _l("Formulir tidak dapat diproses. Muat ulang halaman lalu coba lagi.")),
    404: (_l("Halaman tidak ditemukan"),
          _l("Alamat yang Anda buka tidak ada atau sudah tidak berlaku.")),
    413: (_l("Berkas terlalu besar"),
          _l("Ukuran kiriman melebihi batas. Kecilkan berkas (misalnya foto dengan resolusi "
             "lebih rendah atau PDF hasil pindai hitam-putih), lalu kirim lagi.")),
    429: (_l("Terlalu banyak permintaan"),
          _l("Anda membuka halaman ini terlalu sering. Tunggu satu menit, lalu coba lagi.")),
    500: (_l("Terjadi kesalahan pada sistem"),
          _l("Maaf, permintaan Anda belum dapat diproses. Data yang sudah tersimpan tidak "
             "hilang. Silakan coba beberapa saat lagi.")),
}


def _render(code: int):
    title, message = ERRORS[code]
    return render_template("public/error.html", code=code, title=title, message=message), code


def _handler(code: int):
    def handle(error):
        if answers_in_json():
            return http_error_response(code, error)
        return _render(code) if code in ERRORS else error  # else: Werkzeug's own answer
    handle.__name__ = f"error_{code}"
    handle.__doc__ = f"Show the friendly page (the API: a JSON error) for HTTP {code}."
    return handle


for _code in ERRORS.keys() | API_ERRORS.keys():
    bp.app_errorhandler(_code)(_handler(_code))
