"""The `connect-contacts-mock` command.

    connect-contacts-mock serve --port 0 --data contacts.json

`serve` loads the fixture files (see `fixtures.py` for their format), prints
`Serving SearchContacts on http://127.0.0.1:PORT` on stdout once it listens, logs each request
on stderr, and runs until Ctrl-C (SIGINT) or SIGTERM, then exits 0. Pass the URL to a client as
`--endpoint-url` (AWS CLI) or `endpoint` (JavaScript SDK); `server.py` describes what it answers.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from collections.abc import Sequence
from typing import Any

from ._options import DEFAULT_MAX_CALLS, MockOptions, help_lines
from .errors import InvalidContactError, MockUsageError
from .faults import TokenBucket
from .store import ContactStore


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line `argv` (default: sys.argv[1:]) and return the exit status."""
    parser = _parser()
    options = parser.parse_args(argv)
    if options.command != "serve":
        parser.print_help()
        return 2
    return _serve(options)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="connect-contacts-mock",
        description="Amazon Connect contact operations, answered offline.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    serve = commands.add_parser(
        "serve",
        help="answer the Connect contact operations over HTTP for the AWS CLI and other SDKs",
        description="Answer SearchContacts, DescribeContact and the other contact operations "
        "on HTTP until Ctrl-C; control endpoints POST /_mock/reset and POST /_mock/contacts "
        "prepare the store.",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    serve.add_argument("--port", type=int, default=0, help="port to listen on; 0 picks a free one")
    for name, text, flag, _ in help_lines():
        if flag is not None:
            _add_option_flag(serve, name, text, flag)
    serve.add_argument("--quiet", action="store_true", help="do not log requests on stderr")
    serve.add_argument(
        "--max-calls",
        type=int,
        default=DEFAULT_MAX_CALLS,
        metavar="N",
        help=f"keep the last N calls in the store's log (default {DEFAULT_MAX_CALLS:,})",
    )
    return parser


def _add_option_flag(parser: argparse.ArgumentParser, name: str, text: str, flag: str) -> None:
    """The command-line flag of one mock option (see `_options.MockOptions`)."""
    default = getattr(MockOptions(), name)
    if isinstance(default, bool) or name == "throttle":
        action = "store_false" if default else "store_true"
        parser.add_argument(flag, dest=name, action=action, help=text)
    elif name in ("data", "searchable_attributes"):
        parser.add_argument(
            flag, dest=name, action="append", default=None,
            metavar="PATH" if name == "data" else "KEY",
            help=text,
        )  # fmt: skip
    else:
        suffix = "" if default is None else f" (default {default})"
        parser.add_argument(flag, dest=name, default=default, help=text + suffix)


def _serve(options: argparse.Namespace) -> int:
    try:
        from .server import MockServer
    except ImportError as error:  # werkzeug missing
        print(f"connect-contacts-mock serve needs werkzeug: {error}", file=sys.stderr)
        return 1
    try:
        store = ContactStore(
            account_id=options.account_id,
            region=options.region,
            instance_id=options.instance_id,
            searchable_attributes=options.searchable_attributes,
        )
    except (InvalidContactError, MockUsageError) as error:
        print(f"connect-contacts-mock: {error}", file=sys.stderr)
        return 2
    for path in options.data or ():
        try:
            store.load(path)
        except (OSError, InvalidContactError, MockUsageError) as error:
            print(f"connect-contacts-mock: cannot load {path}: {error}", file=sys.stderr)
            return 2
    if not options.quiet:
        logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    stopping = threading.Event()

    def stop_on_signal(signum: int, frame: Any) -> None:
        stopping.set()

    # Set explicitly: a process started in the background of a script inherits SIGINT ignored.
    signal.signal(signal.SIGINT, stop_on_signal)
    signal.signal(signal.SIGTERM, stop_on_signal)
    server = MockServer(
        store,
        host=options.host,
        port=options.port,
        limit_time_window=options.limit_time_window,
        throttle=TokenBucket() if options.throttle else None,
        max_calls=max(options.max_calls, 0),
    )
    try:
        url = server.start()
    except OSError as error:
        print(error, file=sys.stderr)
        return 1
    try:
        print(f"Serving SearchContacts on {url}", flush=True)
        print(f"{len(store)} contacts loaded; press Ctrl-C to stop", file=sys.stderr, flush=True)
        if options.host not in ("127.0.0.1", "localhost", "::1"):
            print(
                f"warning: listening on {options.host}, beyond this machine's loopback: anyone "
                "who can reach it can read and change the store (the AWS paths check no "
                "signature); use --host 127.0.0.1 unless another machine must reach it",
                file=sys.stderr,
                flush=True,
            )
        stopping.wait()
    finally:
        server.stop()
    return 0
