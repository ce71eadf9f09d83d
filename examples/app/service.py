"""A small JSON HTTP service: the application the example image runs."""

from __future__ import annotations

import importlib.metadata
import platform

import falcon


class Health:
    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.media = {"status": "ok"}


class Greeting:
    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        name = req.get_param("name", default="world")
        resp.media = {"greeting": f"Hello, {name}!"}


class About:
    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.media = {
            "python": platform.python_version(),
            "packages": {dist: importlib.metadata.version(dist) for dist in ("falcon", "waitress")},
        }


def create_app() -> falcon.App:
    app = falcon.App()
    app.add_route("/health", Health())
    app.add_route("/greet", Greeting())
    app.add_route("/about", About())
    return app
