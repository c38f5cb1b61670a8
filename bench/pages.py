"""A small HTTP client that logs in like a browser and finds the pages the bench measures.

Routes of other parts of the portal are found from the pages themselves (links by their
text, forms by their fields), so the bench keeps working when URLs are renamed; each can
be pinned with an environment variable (see bench/README.md).
"""
import http.client
import re
import urllib.parse
import uuid
from html.parser import HTMLParser

from bench.wrk import USER_AGENT


class Browser:
    """Keeps cookies by hand: the production config marks them Secure, and we speak plain HTTP."""

    def __init__(self, base_url: str):
        parts = urllib.parse.urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port
        self.cookies: dict[str, str] = {}

    @property
    def cookie_header(self) -> str:
        """The Cookie header this browser sends."""
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def request(self, method: str, path: str, body: bytes | None = None,
                content_type: str | None = None) -> tuple[int, dict, str]:
        """One request; returns (status, headers with lower-case names, text)."""
        headers = {"User-Agent": USER_AGENT}
        if self.cookies:
            headers["Cookie"] = self.cookie_header
        if content_type:
            headers["Content-Type"] = content_type
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    key, _, rest = value.partition("=")
                    self.cookies[key.strip()] = rest.split(";", 1)[0]
            return response.status, {k.lower(): v for k, v in response.getheaders()}, text
        finally:
            connection.close()

    def get(self, path: str) -> tuple[int, dict, str]:
        """GET a path."""
        return self.request("GET", path)

    def post_form(self, path: str, fields: dict) -> tuple[int, dict, str]:
        """POST url-encoded fields."""
        return self.request("POST", path, urllib.parse.urlencode(fields).encode(),
                            "application/x-www-form-urlencoded")


class FormParser(HTMLParser):
    """Collects every form: action, method, inputs, selects (first real option), textareas."""

    def __init__(self):
        super().__init__()
        self.forms, self._select = [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action") or "", "fields": [],
                               "method": (attrs.get("method") or "get").lower()})
        elif self.forms and tag in ("input", "textarea") and attrs.get("name"):
            kind = attrs.get("type", "text") if tag == "input" else "textarea"
            self.forms[-1]["fields"].append({"name": attrs["name"], "type": kind.lower(),
                                             "value": attrs.get("value") or "", "attrs": attrs})
        elif self.forms and tag == "select" and attrs.get("name"):
            self._select = {"name": attrs["name"], "type": "select", "value": "", "attrs": attrs}
            self.forms[-1]["fields"].append(self._select)
        elif tag == "option" and self._select is not None and not self._select["value"]:
            self._select["value"] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def forms_of(html: str) -> list[dict]:
    """Every form of a page."""
    parser = FormParser()
    parser.feed(html)
    return parser.forms


def link_by_text(html: str, text: str) -> str | None:
    """The href of the first link whose visible text contains `text`."""
    for href, inner in re.findall(r'<a\s[^>]*href="([^"]+)"[^>]*>(.*?)</a>', html, re.S | re.I):
        if text.lower() in re.sub(r"<[^>]+>", " ", inner).lower():
            return href.replace("&amp;", "&")
    return None


LOGIN_PATHS = ("/admin/login/", "/admin/login", "/login", "/masuk")


def login(browser: Browser, nip: str, password: str, path: str | None = None) -> str | None:
    """Log in by NIP on the first login page found; returns its path, or None."""
    for candidate in ([path] if path else LOGIN_PATHS):
        status, _, html = browser.get(candidate)
        form = next((f for f in forms_of(html) if any(x["type"] == "password"
                                                      for x in f["fields"])), None)
        if status != 200 or form is None:
            continue
        values = {f["name"]: f["value"] for f in form["fields"] if f["type"] == "hidden"}
        for field in form["fields"]:
            if field["type"] == "password":
                values[field["name"]] = password
            elif field["type"] in ("text", "number", "tel") and field["name"] not in values:
                values[field["name"]] = nip
        status, _, _ = browser.post_form(form["action"] or candidate, values)
        if status in (302, 303):
            return candidate
    return None


def multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    """(body, content type) of a multipart/form-data POST."""
    boundary = uuid.uuid4().hex
    chunks = []
    for name, value in fields.items():
        chunks.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                      f"{value}\r\n".encode())
    for name, (filename, content_type, data) in files.items():
        chunks.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                      f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
                      + data + b"\r\n")
    chunks.append(f"--{boundary}--\r\n".encode())
    return b"".join(chunks), f"multipart/form-data; boundary={boundary}"
