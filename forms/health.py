"""GET /healthz: is the web app up, and can it reach its database?"""

from flask import Blueprint, current_app, jsonify
from flask.typing import ResponseReturnValue

blueprint = Blueprint("health", __name__)


@blueprint.get("/healthz")
def healthz() -> ResponseReturnValue:
    if current_app.extensions["learnloop"].database.is_reachable():
        return jsonify(status="ok", database="ok")
    return jsonify(status="unavailable", database="unreachable"), 503
