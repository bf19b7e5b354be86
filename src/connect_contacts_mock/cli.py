"""The `connect-contacts-mock` command.

    connect-contacts-mock serve --port 0 --data contacts.json

`serve` loads the fixture files (see `fixtures.py` for their format), prints
`Serving SearchContacts on http://127.0.0.1:PORT` on stdout once it listens, logs each request
on stderr, and runs until Ctrl-C (SIGINT) or SIGTERM. Then it closes its port at once, lets the
requests in flight finish (waiting at most 5 s for them) and exits 0. A client that stops
sending mid-request is given up after `--read-timeout` seconds (5 by default) and answered 400.
Pass the URL to a client as `--endpoint-url` (AWS CLI) or `endpoint` (JavaScript SDK);
`server.py` describes what it answers.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from collections.abc import Sequence
from typing import Any

from ._options import MockOptions, help_lines
from .errors import InvalidContactError, MockUsageError
from .faults import TokenBucket
from .store import ContactStore

try:  # werkzeug is optional; without it `serve` says that it needs it when run
    from .server import DRAIN_TIMEOUT, READ_TIMEOUT
except ImportError:
    DRAIN_TIMEOUT = READ_TIMEOUT = 5.0

#: The calls the command's store keeps (`--max-calls`): fewer than an in-process server's
#: `DEFAULT_MAX_CALLS`, as only the request lines on stderr are read from a command.
COMMAND_MAX_CALLS = 200


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
        "on HTTP until Ctrl-C or SIGTERM (requests in flight then get up to "
        f"{DRAIN_TIMEOUT:g} s to finish); control endpoints POST /_mock/reset and POST "
        "/_mock/contacts prepare the store.",
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
        default=COMMAND_MAX_CALLS,
        metavar="N",
        help="keep the last N calls in the store's log (default "
        f"{COMMAND_MAX_CALLS:,}: nothing reads the command's log over HTTP, and a call keeps "
        "its answer, about 50 KB for a page of 100 contacts)",
    )
    serve.add_argument(
        "--read-timeout",
        type=_seconds,
        default=READ_TIMEOUT,
        metavar="SECONDS",
        help="give up a request whose client sends nothing (a body shorter than its "
        "Content-Length, say) or reads nothing of its answer for SECONDS, answering 400 "
        f"where it still can (default {READ_TIMEOUT:g})",
    )
    return parser


def _seconds(text: str) -> float:
    """A number of seconds above 0, for `--read-timeout`."""
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"expected a number of seconds above 0, got {text!r}")
    return value


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


def _share_malloc_arenas() -> None:
    """Have glibc's malloc keep two arenas, not one per thread: each request runs on a thread
    of its own, and with 16 concurrent clients the extra arenas held some 50 MB more for the
    life of the server (the soak in benchmarks/soak.py). Best effort: elsewhere, nothing."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None)
        m_arena_max = -8  # glibc's malloc.h
        libc.mallopt(m_arena_max, 2)
    except (OSError, AttributeError):
        pass


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
    _share_malloc_arenas()
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
        read_timeout=options.read_timeout,
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
        # Woken often: a signal the kernel hands to one of the server's threads runs the
        # handler only when the main thread next runs Python code, which an endless wait
        # would never do.
        while not stopping.wait(0.2):
            pass
    finally:
        server.stop()
    return 0
