"""The citizen's face: catalogue, apply, confirm, track, correct, verify."""
from flask import Blueprint

bp = Blueprint("public", __name__, template_folder="templates")

from public import views  # noqa: E402,F401 - routes attach to the blueprint
