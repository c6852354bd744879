#!/usr/bin/env python3
"""Interop peer: the `ocpp` library's OCPP 2.0.1 ChargePoint, dialling an ocppspec server that plays
the CSMS. It boots, sends one Heartbeat, and reports each step as a JSON line on stdout.

    charge_point_v201.py --url ws://127.0.0.1:PORT/ocpp/CS001 --station-id CS001 [--ca ca.pem --cert client.pem --key client-key.pem]

Exit status 0 when both calls got valid answers (the library checks them against the official
schemas), 1 otherwise.
"""
import argparse
import asyncio
import json
import ssl
import sys

import websockets
from ocpp.v201 import ChargePoint, call
from ocpp.v201.datatypes import ChargingStationType
from ocpp.v201.enums import BootReasonEnumType


def report(**fields):
    print(json.dumps(fields), flush=True)


async def run(args):
    ssl_context = None
    if args.url.startswith("wss://"):
        ssl_context = ssl.create_default_context(cafile=args.ca)
        if args.cert:
            ssl_context.load_cert_chain(args.cert, args.key)
    async with websockets.connect(
        args.url, subprotocols=["ocpp2.0.1"], ssl=ssl_context, open_timeout=args.timeout
    ) as connection:
        report(event="connected", subprotocol=connection.subprotocol)
        station = ChargePoint(args.station_id, connection, response_timeout=args.timeout)
        reader = asyncio.ensure_future(station.start())
        boot = await station.call(
            call.BootNotification(
                charging_station=ChargingStationType(model="InteropModel", vendor_name="python-ocpp"),
                reason=BootReasonEnumType.power_up,
            )
        )
        report(event="result", action="BootNotification", status=boot.status, interval=boot.interval)
        heartbeat = await station.call(call.Heartbeat())
        report(event="result", action="Heartbeat", current_time=heartbeat.current_time)
        reader.cancel()
    report(event="done")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--station-id", required=True)
    parser.add_argument("--ca")
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--timeout", type=float, default=15.0)
    args = parser.parse_args()
    try:
        asyncio.run(asyncio.wait_for(run(args), timeout=args.timeout * 2))
    except Exception as error:  # report every failure on stdout for the test, then fail
        report(event="error", error=f"{type(error).__name__}: {error}")
        sys.exit(1)


if __name__ == "__main__":
    main()
