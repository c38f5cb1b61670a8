"""The citizen's face: catalogue, apply, confirm, track, correct, verify."""
from flask import Blueprint

bp = Blueprint("public", __name__, template_folder="templates",
               static_folder="static", static_url_path="/aset")

from public import account, apply, correct, errors, family, my_account, pickup, track, views  # noqa: E402,F401 - routes attach to bp
