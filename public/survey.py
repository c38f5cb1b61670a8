"""Survei Kepuasan Masyarakat: the nine questions on a phone, one answer per application."""
from flask import render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length

from portal.standards import survey
from portal.standards.skm import ELEMENTS, SCORES
from public import bp
from public.secret_landing import park, parked

CHOOSE_ONE = _l("Pilih salah satu jawaban.")
SURVEY = "survey"  # the secret link's purpose in the session


def _question(element) -> RadioField:
    choices = [SelectChoice(str(score), answer) for score, answer in zip(SCORES, element.answers)]
    return RadioField(element.question, choices=choices, coerce=int,
                      validators=[InputRequired(CHOOSE_ONE)], description=element.name)


def survey_form_class():
    """The form: one radio question per element (u1 … u9) and an optional suggestion."""
    attributes = {element.column: _question(element) for element in ELEMENTS}
    attributes["suggestion"] = TextAreaField(
        _l("Saran atau masukan (tidak wajib)"), render_kw={"rows": 3},
        validators=[Length(max=2000, message=_l("Paling banyak %(max)d karakter."))])
    return type("SurveyForm", (FlaskForm,), attributes)


def _page(application, form, status: int = 200, **outcome):
    return render_template("public/survey.html", application=application, form=form,
                           elements=ELEMENTS, **outcome), status


@bp.get("/survei/<token>")
def survey_page(token: str):
    """The link from the notice: keeps its token for this browser and shows the page without it."""
    return park(SURVEY, token, "public.survey_form")


@bp.route("/survei", methods=["GET", "POST"])
def survey_form():
    """The survey of the application in the link; no account needed, answered only once."""
    application = survey.application_of(parked(SURVEY))
    if application is None:
        return render_template("public/survey.html", application=None, unknown=True), 404
    form = survey_form_class()()
    if survey.has_answered(application.id):
        return _page(application, form, 409, refusal=str(survey.MESSAGES["answered"]))
    if not survey.is_open_for(application):
        return _page(application, form, 409, refusal=str(survey.MESSAGES["not_open"]))
    if not form.validate_on_submit():
        return _page(application, form, 400 if form.is_submitted() else 200)
    scores = {element.column: form[element.column].data for element in ELEMENTS}
    try:
        survey.submit(application, scores, form.suggestion.data or "")
    except survey.SurveyRefused as refused:
        return _page(application, form, 409, refusal=str(refused))
    return _page(application, form, thanked=True)


def invitation_link(application) -> str:
    """The survey link the tracking page offers, or '' (not yet open, or already answered)."""
    if not survey.is_open_for(application) or survey.has_answered(application.id):
        return ""
    return url_for("public.survey_page", token=survey.survey_token(application))


@bp.context_processor
def _survey_helpers() -> dict:
    return {"survey_invitation": invitation_link}
