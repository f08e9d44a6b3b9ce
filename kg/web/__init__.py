"""create_app(settings): the Flask application (SPARQL endpoint, query page, entity pages, saved queries)."""

from __future__ import annotations

import atexit
import os

from flask import Flask, Response, render_template
from werkzeug.exceptions import HTTPException

from ..settings import Settings
from .headers import add_headers, check_host, preflight
from .http import error_response, wants_html
from .pool import WorkerPool
from .spool import SendBudget


def default_workers() -> int:
    """Query processes: more than cores, since a query often waits on the store (measured in benchmarks/endpoint.py)."""
    return min(8, 4 * (os.cpu_count() or 1))


def create_app(settings: Settings | None = None, workers: int | None = None) -> Flask:
    """The app over the store in `settings`; queries run in `workers` worker processes (1 with updates on)."""
    settings = settings or Settings.from_env()
    app = Flask(__name__)
    app.config["KG_SETTINGS"] = settings
    app.config["MAX_CONTENT_LENGTH"] = settings.max_request_bytes
    app.config["JSON_SORT_KEYS"] = False
    pool = WorkerPool(settings, workers or default_workers(), read_only=not settings.allow_update)
    app.extensions["kg_pool"] = pool
    # Large results waiting for slow clients: at most four of the largest at once (kg.web.spool).
    app.extensions["kg_send_budget"] = SendBudget(4 * settings.max_result_bytes)
    atexit.register(pool.close)

    from . import entities, filters, outlets, pages, pictures, search, sources, sparql

    filters.register(app)
    app.register_blueprint(sparql.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(entities.bp)
    app.register_blueprint(sources.bp)
    app.register_blueprint(search.bp)
    app.register_blueprint(pictures.bp)
    app.register_blueprint(outlets.bp)
    from .saved_queries import bp as saved_bp

    app.register_blueprint(saved_bp)
    app.config["KG_BLUEPRINTS"] = tuple(app.blueprints)

    app.before_request(check_host)
    app.before_request(preflight)
    app.after_request(add_headers)

    @app.errorhandler(HTTPException)
    def http_error(err: HTTPException) -> Response:
        if wants_html():  # a template, so the message (which may quote the request) is autoescaped
            return Response(
                render_template(
                    "error.html", status=err.code or 500, title=err.name, message=err.description or err.name
                ),
                status=err.code or 500,
                mimetype="text/html",
            )
        return error_response(err.code or 500, err.description or err.name)

    @app.errorhandler(Exception)
    def unexpected(err: Exception) -> Response:
        app.logger.exception("unexpected error")
        return error_response(500, "internal server error")

    return app
