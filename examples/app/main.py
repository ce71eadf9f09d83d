"""The example service's command line: `serve` it, or `self-check` it without a network.

    main.py serve [--host 0.0.0.0] [--port 8080]
    main.py self-check [--require-pyc DIR ...]

`self-check` starts the server on a free port of 127.0.0.1, asks it a few questions over
HTTP, prints the answers as JSON and, with `--require-pyc`, checks that every module
imported from those directories has its unchecked-hash `.pyc` file.
"""

from __future__ import annotations

import argparse
import http.client
import json
import sys
import threading
from collections.abc import Sequence

import waitress

from examples.app import pyc_check, service


def _get(port: int, path: str) -> object:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"GET {path}: HTTP {response.status}: {body!r}")
        return json.loads(body)
    finally:
        connection.close()


def self_check(require_pyc: list[str]) -> int:
    server = waitress.create_server(service.create_app(), host="127.0.0.1", port=0, threads=2)
    # The server thread is a daemon: it ends with the process, after the answers.
    threading.Thread(target=server.run, daemon=True).start()
    port = server.effective_port  # type: ignore[union-attr]
    answers = {path: _get(port, path) for path in ("/health", "/greet?name=image", "/about")}
    checked, wrong = pyc_check.problems(require_pyc) if require_pyc else (0, [])
    print(json.dumps({"answers": answers, "pyc_checked": checked, "pyc_problems": wrong}, sort_keys=True))
    ok = answers["/health"] == {"status": "ok"} and not wrong and (checked > 0 or not require_pyc)
    return 0 if ok else 1


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="server", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve HTTP until stopped")
    serve.add_argument("--host", default="0.0.0.0")
    serve.add_argument("--port", type=int, default=8080)
    check = commands.add_parser("self-check", help="start, ask, check and stop")
    check.add_argument("--require-pyc", action="append", default=[], metavar="DIR")
    ns = parser.parse_args(list(argv))
    if ns.command == "serve":
        waitress.serve(service.create_app(), host=ns.host, port=ns.port)
        return 0
    return self_check(ns.require_pyc)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
