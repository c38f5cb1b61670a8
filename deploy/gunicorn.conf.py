"""gunicorn settings of the Layanan web service (layanan-web.service: --config this file).

The access log keeps no secret: the request line is method, path and protocol without the
query string (officers' searches carry NIKs there), and `GunicornLogger` cuts the token of
every secret link (/konfirmasi/…, /perbaikan/…, /verifikasi/…) from every atom.
"""
bind = "127.0.0.1:8000"
workers = 4
accesslog = "-"
logger_class = "portal.log_redaction.GunicornLogger"
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms "%(a)s"'
