"""wkhtmltopdf, sandboxed: HTML in, PDF bytes out, killed when it hangs (letters, data exports)."""
import os
import signal
import subprocess
from typing import Optional

import pdfkit
from flask import current_app

from portal.letters.issuing import RenderError

# Nothing outside the HTML may be fetched: no JavaScript, no local files, and a dead
# proxy (port 9, "discard") for every URL; blocked resources must not fail the letter.
WKHTMLTOPDF_OPTIONS = {
    "--disable-javascript": "",
    "--disable-local-file-access": "",
    "--proxy": "127.0.0.1:9",
    "--load-error-handling": "ignore",
    "--load-media-error-handling": "ignore",
    "--page-size": "A4",
    "--encoding": "UTF-8",
    "--margin-top": "12mm",
    "--margin-bottom": "12mm",
    "--margin-left": "18mm",
    "--margin-right": "18mm",
    "--quiet": "",
}


def wkhtmltopdf_command() -> list[str]:
    """The wkhtmltopdf command line reading HTML on stdin and writing the PDF to stdout."""
    try:
        config = pdfkit.configuration(wkhtmltopdf=current_app.config["WKHTMLTOPDF_PATH"])
    except OSError as error:
        raise RenderError(f"wkhtmltopdf tidak ditemukan: {error}") from None
    # The source is empty on purpose: pdfkit would read extra options from <meta> tags
    # of the HTML, and the HTML may contain an Administrator's template.
    return pdfkit.PDFKit("", "string", options=WKHTMLTOPDF_OPTIONS,
                         configuration=config).command()


def start_wkhtmltopdf() -> subprocess.Popen:
    """Start wkhtmltopdf, in its own process group, waiting for HTML on stdin.

    Starting it before the HTML is built lets its start-up overlap that work.
    """
    return subprocess.Popen(wkhtmltopdf_command(), stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)


def stop_wkhtmltopdf(process: subprocess.Popen) -> None:
    """Kill wkhtmltopdf and whatever it started, and reap it."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass  # it had already finished
    process.communicate()


def finish_wkhtmltopdf(process: subprocess.Popen, html: str,
                       timeout: Optional[float] = None) -> bytes:
    """Feed `html` to a started wkhtmltopdf and return the PDF; kill it when it hangs.

    Exit code 1 with a complete PDF means only a blocked fetch failed (an outside URL or
    a local file in an Administrator's template): the letter renders without it.
    """
    timeout = timeout or current_app.config["WKHTMLTOPDF_TIMEOUT"]
    try:
        output, errors = process.communicate(html.encode("utf-8"), timeout=timeout)
    except subprocess.TimeoutExpired:
        stop_wkhtmltopdf(process)
        raise RenderError(f"wkhtmltopdf tidak selesai dalam {timeout} detik (dihentikan).") \
            from None
    complete = output.startswith(b"%PDF") and output.rstrip().endswith(b"%%EOF")
    blocked_only = process.returncode == 1 and b"network error" in errors
    if not complete or (process.returncode != 0 and not blocked_only):
        detail = errors.decode("utf-8", "replace").strip()[-500:]
        raise RenderError(f"wkhtmltopdf gagal (kode {process.returncode}): {detail}")
    return output


def html_to_pdf(html: str, timeout: Optional[float] = None) -> bytes:
    """Render `html` to PDF bytes with the sandboxed wkhtmltopdf command."""
    return finish_wkhtmltopdf(start_wkhtmltopdf(), html, timeout)
