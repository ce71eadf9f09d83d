"""A web service's 42 locked packages, installed by the hub @pypi_app, imported and used."""

import importlib.metadata
import unittest


class WebServiceTest(unittest.TestCase):
    def test_fastapi_with_pydantic_through_httpx(self) -> None:
        import fastapi
        import pydantic
        from fastapi.testclient import TestClient

        class Item(pydantic.BaseModel):
            name: str
            price: float

        app = fastapi.FastAPI()

        @app.post("/items")
        def create(item: Item) -> dict[str, object]:
            return {"name": item.name.upper(), "total": item.price * 2}

        response = TestClient(app).post("/items", json={"name": "tea", "price": 1.5})
        self.assertEqual(response.json(), {"name": "TEA", "total": 3.0})
        self.assertEqual(TestClient(app).post("/items", json={"name": "x"}).status_code, 422)

    def test_flask_werkzeug_jinja(self) -> None:
        import flask

        app = flask.Flask("svc")

        @app.route("/hello/<name>")
        def hello(name: str) -> str:
            return flask.render_template_string("Hello {{ n|upper }}", n=name)

        self.assertEqual(app.test_client().get("/hello/bob").data, b"Hello BOB")

    def test_sqlalchemy_orm(self) -> None:
        import sqlalchemy as sa
        from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

        class Base(DeclarativeBase):
            pass

        class User(Base):
            __tablename__ = "users"
            id: Mapped[int] = mapped_column(primary_key=True)
            name: Mapped[str]

        engine = sa.create_engine("sqlite://")
        Base.metadata.create_all(engine)
        with Session(engine) as session:
            session.add_all([User(name="a"), User(name="b")])
            session.commit()
            self.assertEqual(session.scalar(sa.select(sa.func.count(User.id))), 2)

    def test_numpy_pandas_dateutil_tzdata(self) -> None:
        import numpy as np
        import pandas as pd
        from dateutil import parser

        frame = pd.DataFrame({"x": np.arange(4), "y": np.array([1.0, 2.0, 3.0, 4.0])})
        self.assertEqual(float((frame.x * frame.y).sum()), 20.0)
        stamp = pd.Timestamp(parser.parse("2024-01-02T03:04:05")).tz_localize("Europe/Paris")
        self.assertEqual(stamp.tz_convert("UTC").hour, 2)

    def test_http_stack(self) -> None:
        import certifi
        import charset_normalizer
        import h11
        import httpcore
        import httpx
        import idna
        import requests
        import urllib3

        self.assertTrue(certifi.where().endswith("cacert.pem"))
        self.assertEqual(idna.encode("bücher.example"), b"xn--bcher-kva.example")
        self.assertEqual(str(charset_normalizer.from_bytes("héllo wörld".encode("utf-8")).best()), "héllo wörld")
        self.assertEqual(requests.Request("GET", "http://x/", params={"a": 1}).prepare().url, "http://x/?a=1")
        self.assertEqual(urllib3.util.parse_url("http://h:81/p").port, 81)
        self.assertEqual(httpx.URL("http://a/b?c=1").params["c"], "1")
        self.assertTrue(h11.Connection(h11.CLIENT))
        self.assertTrue(httpcore.ConnectionPool)

    def test_server_side(self) -> None:
        import anyio
        import httptools
        import uvicorn
        import uvloop
        import watchfiles
        import websockets
        from starlette.responses import PlainTextResponse

        async def compute() -> int:
            await anyio.sleep(0)
            return 42

        self.assertEqual(anyio.run(compute), 42)
        self.assertEqual(uvloop.run(compute()), 42)
        parsed = []
        httptools.HttpRequestParser(type("P", (), {"on_url": lambda _, url: parsed.append(url)})()).feed_data(
            b"GET /path HTTP/1.1\r\n\r\n"
        )
        self.assertEqual(parsed, [b"/path"])
        self.assertTrue(uvicorn.Config(app=None).host)
        self.assertTrue(callable(watchfiles.watch))
        self.assertTrue(websockets.__version__)
        self.assertEqual(PlainTextResponse("hi").body, b"hi")

    def test_cli_and_text(self) -> None:
        import click
        import markdown_it
        import pygments
        import rich.console
        import yaml
        from click.testing import CliRunner

        @click.command()
        @click.option("--n", type=int)
        def cli(n: int) -> None:
            click.echo(n * 2)

        self.assertEqual(CliRunner().invoke(cli, ["--n", "21"]).output, "42\n")
        self.assertEqual(yaml.safe_load("a: [1, 2]"), {"a": [1, 2]})
        self.assertIn("<h1>", markdown_it.MarkdownIt().render("# t"))
        self.assertTrue(pygments.__version__)
        console = rich.console.Console(record=True, width=20)
        console.print("[bold]hi[/bold]")
        self.assertIn("hi", console.export_text())

    def test_the_rest(self) -> None:
        import annotated_doc
        import annotated_types
        import attrs
        import blinker
        import dotenv
        import itsdangerous
        import markupsafe
        import mdurl
        import opentelemetry.trace
        import pydantic_core
        import typing_extensions
        import typing_inspection

        @attrs.define
        class P:
            x: int

        self.assertEqual(P(1).x, 1)
        self.assertTrue(annotated_doc.Doc("d"))
        self.assertEqual(annotated_types.Gt(1).gt, 1)
        signal = blinker.signal("s")
        self.assertEqual(signal.send("me"), [])
        self.assertEqual(dotenv.dotenv_values(stream=__import__("io").StringIO("A=1")), {"A": "1"})
        signer = itsdangerous.Signer("k")
        self.assertEqual(signer.unsign(signer.sign("v")), b"v")
        self.assertEqual(str(markupsafe.escape("<")), "&lt;")
        self.assertEqual(mdurl.parse("http://a/b").hostname, "a")
        self.assertTrue(opentelemetry.trace.get_tracer("t"))
        self.assertTrue(pydantic_core.__version__)
        self.assertTrue(typing_extensions.TypedDict)
        self.assertTrue(typing_inspection.__name__)

    def test_every_locked_distribution_is_installed(self) -> None:
        with open(__file__.replace("app_test.py", "requirements.txt"), encoding="utf-8") as f:
            pins = [line.split("==") for line in f if line[:1].isalpha() and "==" in line]
        self.assertGreaterEqual(len(pins), 40)
        for name, version in pins:
            self.assertEqual(importlib.metadata.version(name), version.split()[0], name)


if __name__ == "__main__":
    unittest.main()
