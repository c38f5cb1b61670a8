"""WhatsApp is configured, not coded: drivers refuse to start half-configured, production
refuses the demo driver, and every WhatsApp body is a template Meta accepts."""
import re

import pytest

from portal import create_app
from portal.config import env_overrides
from portal.messaging.channels.whatsapp_text import WHATSAPP_NOTICES, meta_body
from tests.fixtures.whatsapp import FONNTE_SECRET

PLACEHOLDER = re.compile(r"\{\{(\d+)\}\}")


def build(tmp_path, **settings):
    return create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db", **settings})


@pytest.mark.parametrize("settings, complaint", [
    ({"WHATSAPP_DRIVER": "sms"}, "use one of"),
    ({"WHATSAPP_DRIVER": "wa_cloud", "WA_CLOUD_ACCESS_TOKEN": "t"},
     "needs WA_CLOUD_PHONE_NUMBER_ID, WA_CLOUD_APP_SECRET, WA_CLOUD_VERIFY_TOKEN"),
    ({"WHATSAPP_DRIVER": "wa_fonnte", "WA_FONNTE_TOKEN": "t"}, "needs WA_FONNTE_WEBHOOK_SECRET"),
    ({"WHATSAPP_DRIVER": "wa_fonnte", "WA_FONNTE_TOKEN": "t", "WA_FONNTE_WEBHOOK_SECRET": "pendek"},
     "at least 24 characters"),
    ({"WHATSAPP_DRIVER": "log", "LAYANAN_ENV": "production", "SECRET_KEY": "rahasia-panjang"},
     "citizens would receive nothing"),
])
def test_a_half_configured_driver_refuses_to_start(tmp_path, settings, complaint):
    with pytest.raises(RuntimeError, match=complaint):
        build(tmp_path, **settings)


def test_a_complete_configuration_starts(tmp_path):
    app = build(tmp_path, WHATSAPP_DRIVER="wa_fonnte", WA_FONNTE_TOKEN="t",
                WA_FONNTE_WEBHOOK_SECRET=FONNTE_SECRET)
    assert app.config["WHATSAPP_DELIVERY_DEADLINE_MINUTES"] == 30


def test_the_environment_sets_drivers_timeouts_and_template_names():
    values = env_overrides({"WHATSAPP_DRIVER": "wa_cloud", "WHATSAPP_HTTP_TIMEOUT": "20",
                            "WA_CLOUD_TEMPLATES": '{"citizen_submitted": "layanan_diterima"}'})
    assert values == {"WHATSAPP_DRIVER": "wa_cloud", "WHATSAPP_HTTP_TIMEOUT": 20,
                      "WA_CLOUD_TEMPLATES": {"citizen_submitted": "layanan_diterima"}}


@pytest.mark.parametrize("notice", sorted(WHATSAPP_NOTICES))
def test_each_body_numbers_its_variables_in_order_and_meta_can_approve_it(app, notice):
    body = meta_body(notice)
    numbers = [int(n) for n in PLACEHOLDER.findall(body)]
    assert numbers == list(range(1, len(WHATSAPP_NOTICES[notice]) + 1))
    assert not body.startswith("{{") and not body.endswith("}}")  # Meta refuses both
    assert "}}{{" not in body and len(body) <= 1024 and "{%" not in body
    for email_part in ("subject.txt", "txt", "html"):  # the fallback email exists too
        app.jinja_env.get_template(f"messages/{notice}.{email_part}")


def test_the_cli_prints_the_templates_to_register_with_the_offices_names(make_app):
    app = make_app(WA_CLOUD_TEMPLATES={"citizen_returned": "layanan_perbaikan_v2"})
    output = app.test_cli_runner().invoke(args=["whatsapp", "templates"]).output
    assert output.count("Kategori: Utility · Bahasa: id") == len(WHATSAPP_NOTICES)
    assert "=== layanan_perbaikan_v2  (pemberitahuan: citizen_returned)" in output
    assert ("Variabel: {{1}} reg_no, {{2}} to_correct, {{3}} remark, {{4}} correction_url"
            in output)
