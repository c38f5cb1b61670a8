"""The citizen site's WTForms forms, filled from an API request: the same checks and messages.

A form's errors become the 422 answer's "fields" (the first message of each input).
"""
from werkzeug.datastructures import CombinedMultiDict, MultiDict

from flask import request

from public.api.errors import api_abort


def api_form(form_class, defaults: dict = None):
    """An instance of a site form checking this request's fields and files (no CSRF: bearer
    tokens are not sent by browsers on their own); `defaults` fill inputs not sent."""
    formdata = CombinedMultiDict([request.form, request.files, MultiDict(defaults or {})])
    return form_class(formdata=formdata, meta={"csrf": False})


def form_errors(form) -> dict[str, str]:
    """{input name: its first message} of every input with an error."""
    return {field.name: str(field.errors[0]) for field in form if field.errors}


def refuse_unless_valid(form, *, valid: bool = True) -> None:
    """422 with the form's messages when it (or anything the caller checked) is not valid."""
    errors = form_errors(form)
    if errors or not valid:
        api_abort(422, fields=errors)


def upload_error_reporter(form):
    """keep_uploads' callback: a refused file's message goes to its `doc_<key>` input."""
    return lambda key, message: form[f"doc_{key}"].errors.append(message)
