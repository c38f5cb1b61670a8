"""The citizen's face: catalogue, apply, confirm, track, correct, verify."""
from flask import Blueprint

bp = Blueprint("public", __name__, template_folder="templates",
               static_folder="static", static_url_path="/aset")

# Routes attach to bp when their modules are imported.
from public import (account, apply, correct, data_rights, errors, family,  # noqa: E402,F401
                    my_account, pickup, profile, track, views)
