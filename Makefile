# Two commands: `make run` serves the demo, `make test` runs the whole suite.
VENV ?= .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask
PORT ?= 5000
export FLASK_APP := portal
# Links in e-mails, letters and receipts point at this port unless PUBLIC_BASE_URL is set.
export PORT
PIP := $(PY) -m pip install --quiet --disable-pip-version-check

.PHONY: install install-dev run test test-sqlite test-postgresql docs worker translations bench bench-tools clean

# Running needs only requirements.txt; the test and bench tools come with `make test` / `make bench`.
$(VENV)/.installed-run: requirements.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed-run requirements-dev.txt
	$(PIP) -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed-run

install-dev: $(VENV)/.installed-dev

# The demo's WhatsApp notices go to the `log` driver: the Administrator reads them on
# "Kotak keluar WhatsApp (uji)". Set WHATSAPP_DRIVER (e.g. empty: email only) to override.
WHATSAPP_DRIVER ?= log

run: install
	$(FLASK) db upgrade
	$(FLASK) seed-demo
	@echo ""
	@echo "  Layanan is running:   http://127.0.0.1:$(PORT)/"
	@echo "  Officer login:        http://127.0.0.1:$(PORT)/admin/  (NIP + DEMO_PASSWORD, see README)"
	@echo "  Administrator's code: $(PY) -c \"import pyotp; print(pyotp.TOTP('LAYANANDEMOADMINISTRATORBATAM234').now())\""
	@echo "  WhatsApp (driver $(WHATSAPP_DRIVER)): http://127.0.0.1:$(PORT)/admin/kotak-keluar-wa/"
	@echo ""
	WHATSAPP_DRIVER=$(WHATSAPP_DRIVER) $(FLASK) run --host 127.0.0.1 --port $(PORT)

worker: install
	WHATSAPP_DRIVER=$(WHATSAPP_DRIVER) $(PY) -m jobs.worker

# The two passes run side by side (each has its own databases and Redis databases, see
# tests/redis_areas.py); make prints each pass's output whole when it ends.
test: install-dev
	$(MAKE) --no-print-directory -j2 --output-sync=target test-sqlite test-postgresql

test-sqlite: install-dev
	TEST_DATABASE=sqlite $(PY) -m pytest

# The PostgreSQL pass also runs the browser tests (tests/browser: Chromium, live server, worker).
test-postgresql: install-dev
	TEST_DATABASE=postgresql $(PY) -m pytest

# Rerun the browser tests that take the guides' screenshots (into docs/img) and measure the
# usability report (docs/LAPORAN-UJI-USABILITAS.md).
docs: install-dev
	TEST_DATABASE=postgresql SCREENSHOT_DIR=docs/img USABILITY_REPORT=docs/LAPORAN-UJI-USABILITAS.md $(PY) -m pytest tests/browser

# Extract the Indonesian msgids, update the English catalogue, compile it (the .mo is committed).
# Then compile our Indonesian catalogues of Flask-Admin's and WTForms' own words (edited by hand).
translations: install
	$(VENV)/bin/pybabel -q extract -F babel.cfg -k lazy_gettext -k _l -k lazy_pgettext:1c,2 --project=Layanan \
	  --no-location -o portal/translations/messages.pot .
	$(VENV)/bin/pybabel -q update --no-fuzzy-matching -i portal/translations/messages.pot -d portal/translations
	$(VENV)/bin/pybabel -q compile -d portal/translations
	$(VENV)/bin/pybabel -q compile -D wtforms -d portal/translations
	$(VENV)/bin/pybabel -q compile -D admin -d admin_views/translations

# Not part of `make test`: a million applications on PostgreSQL, about 15 minutes.
bench: install-dev bench-tools
	$(PY) -m bench.run

bench-tools:
	@command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
