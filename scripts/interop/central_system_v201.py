#!/usr/bin/env python3
"""Interop peer: a CSMS built on the `ocpp` library's OCPP 2.0.1 ChargePoint class and `websockets`,
for an ocppspec client that plays the Charging Station. It listens on 127.0.0.1 (port 0 picks a free
one), accepts one station, answers BootNotification (Accepted) and Heartbeat, and reports each step
as a JSON line on stdout:

    {"event": "listening", "port": 50123}
    {"event": "connected", "path": "/ocpp/CS001", "subprotocol": "ocpp2.0.1"}
    {"event": "request", "action": "BootNotification", ...}
    {"event": "closed"}

Exit status 0 once the station has disconnected after a BootNotification and a Heartbeat.
"""
import argparse
import asyncio
import json
import sys
from datetime import datetime, timezone

import websockets
from ocpp.routing import on
from ocpp.v201 import ChargePoint, call_result
from ocpp.v201.enums import RegistrationStatusEnumType


def report(**fields):
    print(json.dumps(fields), flush=True)


def now():
    return datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


class CentralSystemSide(ChargePoint):
    """The CSMS end of one station connection."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.actions = []

    @on("BootNotification")
    def on_boot_notification(self, charging_station, reason, **kwargs):
        self.actions.append("BootNotification")
        report(event="request", action="BootNotification", vendor=charging_station.get("vendor_name"), reason=reason)
        return call_result.BootNotification(
            current_time=now(), interval=300, status=RegistrationStatusEnumType.accepted
        )

    @on("Heartbeat")
    def on_heartbeat(self, **kwargs):
        self.actions.append("Heartbeat")
        report(event="request", action="Heartbeat")
        return call_result.Heartbeat(current_time=now())


async def run(args):
    finished = asyncio.get_running_loop().create_future()

    async def on_connect(connection):
        path = connection.request.path
        report(event="connected", path=path, subprotocol=connection.subprotocol)
        side = CentralSystemSide(path.rstrip("/").split("/")[-1], connection)
        try:
            await side.start()
        except websockets.ConnectionClosed:
            pass
        report(event="closed", actions=side.actions)
        if not finished.done():
            finished.set_result(side.actions)

    async with websockets.serve(on_connect, "127.0.0.1", args.port, subprotocols=["ocpp2.0.1"]) as server:
        port = server.sockets[0].getsockname()[1]
        report(event="listening", port=port)
        actions = await asyncio.wait_for(finished, timeout=args.timeout)
    return actions == ["BootNotification", "Heartbeat"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--timeout", type=float, default=30.0)
    args = parser.parse_args()
    try:
        ok = asyncio.run(run(args))
    except Exception as error:  # report every failure on stdout for the test, then fail
        report(event="error", error=f"{type(error).__name__}: {error}")
        sys.exit(1)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
