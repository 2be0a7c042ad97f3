"""A local SMTP server that writes every message it accepts to a folder, one .eml file each.

`make run` starts it so that a newcomer sees what the application sent; the tests start it to
check, on the server's side, what the worker delivered. Run it with `python -P` (no project
folder on the path): aiosmtpd needs the atpublic package, whose module has the same name as
our `public` app.

    python -P core/smtp_sink.py --port 8025 --folder var/mail [--refuse ADDRESS=CODE ...] [--no-pipelining]

It announces PIPELINING (RFC 2920), as relays do; aiosmtpd answers pipelined commands in order.
"""

import argparse
import asyncio
import itertools
import os
import signal
import threading
from pathlib import Path

from aiosmtpd.controller import Controller


class Folder:
    def __init__(self, folder, refuse, discard=False, pipelining=True):
        self.folder = Path(folder)
        self.pipelining = pipelining
        self.folder.mkdir(parents=True, exist_ok=True)
        self.refuse = refuse
        self.discard = discard
        self.received = 0
        self.counter = itertools.count()
        self.lock = threading.Lock()

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        if self.pipelining:
            responses.insert(-1, "250-PIPELINING")
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        code = self.refuse.get(address.lower())
        if code:
            return f"{code} {'Try again later' if code.startswith('4') else 'No such user here'}"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            name = f"{os.getpid()}-{next(self.counter):08d}.eml"
            self.received += 1
        if self.discard:
            return "250 Message accepted for delivery"
        temporary = self.folder / f".{name}.part"
        temporary.write_bytes(envelope.original_content or envelope.content)
        temporary.rename(self.folder / name)
        return "250 Message accepted for delivery"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8025)
    parser.add_argument("--folder", required=True)
    parser.add_argument("--refuse", action="append", default=[], help="ADDRESS=CODE, e.g. a@b.org=550")
    parser.add_argument("--discard", action="store_true", help="Count messages without writing them (benchmarks).")
    parser.add_argument("--no-pipelining", action="store_true", help="Do not announce PIPELINING.")
    args = parser.parse_args()
    refuse = dict(item.lower().split("=", 1) for item in args.refuse)
    handler = Folder(args.folder, refuse, args.discard, pipelining=not args.no_pipelining)
    controller = Controller(handler, hostname=args.host, port=args.port)
    controller.start()
    print(f"SMTP sink on {args.host}:{args.port}, writing to {args.folder}", flush=True)
    stop = asyncio.Event()
    loop = asyncio.new_event_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    loop.run_until_complete(stop.wait())
    controller.stop()
    print(f"SMTP sink received {handler.received} messages", flush=True)


if __name__ == "__main__":
    main()
