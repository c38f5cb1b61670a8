"""WhatsApp texts: one fixed body per notice with ordered parameters, as Meta's templates need.

Meta sends business-initiated messages only from templates approved beforehand, whose body
has numbered placeholders ({{1}}, {{2}} …) filled in order. So each notice that may go on
WhatsApp has a body `messages/<template>.wa.txt` that uses only the variables listed for it
below, in that order: Fonnte and the log driver send that text filled in, Meta gets the
template's name and the values, and `flask whatsapp templates` prints the bodies with
placeholders, exactly as an office registers them at Meta (docs/INSTALASI.md).
"""
from portal.messaging.channels import message_context, render_part
from portal.models import OutboxMessage

# Our notice template -> the ordered variables of its WhatsApp body. Only these notices
# go on WhatsApp; every other one (password reset, email change, …) goes by email only.
WHATSAPP_NOTICES = {
    "citizen_submitted": ("service", "reg_no", "confirm_url"),
    "citizen_received": ("service", "reg_no", "tracking_url"),
    "citizen_confirmed": ("service", "reg_no", "tracking_url"),
    "citizen_approved": ("reg_no", "status_label", "tracking_url"),
    "citizen_in_process": ("reg_no", "unit", "tracking_url"),
    "citizen_returned": ("reg_no", "to_correct", "remark", "correction_url"),
    "citizen_revised": ("reg_no", "to_correct", "tracking_url"),
    "citizen_resubmitted": ("reg_no", "tracking_url"),
    "citizen_refused": ("reg_no", "remark", "tracking_url"),
    "citizen_cancelled": ("reg_no", "remark", "tracking_url"),
    "citizen_letter_ready": ("service", "reg_no", "office", "letter_link"),
    "citizen_handed_over": ("service", "reg_no", "tracking_url", "survey_url"),
    "citizen_pickup_booked": ("reg_no", "code", "day", "slot", "office"),
    "citizen_dispatched": ("reg_no", "courier", "tracking_number", "survey_url"),
    "citizen_survey_invitation": ("service", "reg_no", "survey_url"),
    "citizen_complaint_received": ("number", "unit", "complaint_url"),
    "citizen_complaint_answered": ("number", "answer", "complaint_url"),
    "citizen_account_activated": ("name", "login_url"),
    "citizen_account_refused": ("name", "reason"),
    "citizen_login_code": ("code", "minutes"),
    "citizen_family_member_activated": ("name", "member"),
    "citizen_family_member_refused": ("name", "member", "reason"),
}
# Meta refuses parameters with line breaks, tabs or more than four spaces in a row, and
# limits the whole body to 1,024 characters.
MAX_PARAMETER_LENGTH = 400


def _flat(value) -> str:
    text = " ".join(str(value if value is not None else "").split())
    return text if len(text) <= MAX_PARAMETER_LENGTH else text[:MAX_PARAMETER_LENGTH - 1] + "…"


def _derived(context: dict) -> dict:
    """Variables computed from the payload for WhatsApp bodies."""
    public_url = context["public_url"]
    return {
        "login_url": public_url("public.account_login"),
        "letter_link": context.get("download_url") or context.get("tracking_url", ""),
        "remark": context.get("remark") or "-",
        # Rows written before the hand-over carried a survey link point at the tracking page.
        "survey_url": context.get("survey_url") or context.get("tracking_url", ""),
        "to_correct": "; ".join(
            item["label"] + (f" ({item['reason']})" if item.get("reason") else "")
            for item in context.get("items") or ()) or "-",
    }


def parameters(message: OutboxMessage) -> list[str]:
    """The ordered body values of a row's WhatsApp template, flattened as Meta requires."""
    context = message_context(message)
    context.update(_derived(context))
    return [_flat(context.get(name, "")) for name in WHATSAPP_NOTICES[message.template]]


def _render_body(template: str, values: list[str]) -> str:
    names = WHATSAPP_NOTICES[template]
    return render_part(template, "wa.txt", dict(zip(names, values))).strip()


def text(message: OutboxMessage) -> str:
    """The filled-in WhatsApp text of a row (Fonnte, the log driver)."""
    return _render_body(message.template, parameters(message))


def meta_body(template: str) -> str:
    """The body to register at Meta: the same text with {{1}}, {{2}} … in place of values."""
    count = len(WHATSAPP_NOTICES[template])
    return _render_body(template, ["{{%d}}" % number for number in range(1, count + 1)])
