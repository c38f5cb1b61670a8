"""The ceiling: the smallest Flask app, served with the same gunicorn settings as the portal."""
from flask import Flask


def create_app() -> Flask:
    """One route answering a short text."""
    app = Flask(__name__)

    @app.get("/")
    def hello():
        return "Halo, Batam!"

    return app
