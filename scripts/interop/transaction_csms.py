#!/usr/bin/env python3
"""Interop peer: a Central System built on the `ocpp` library (OCPP 1.6 or 2.0.1) that accepts one
Charging Station and answers everything a station sends during boot and a charging session, so that
ocppspec's reference station can be shown to interoperate with an implementation nobody here
wrote. The library validates every incoming payload against the official schemas.

    transaction_csms.py --version 2.0.1 [--port 0] [--timeout 60]

Reports JSON lines on stdout: {"event": "listening", "port": N}, {"event": "request", "action": …,
…}, {"event": "closed"}. It stops when the station disconnects or the timeout passes.
"""
import argparse
import asyncio
import json
import sys
from datetime import datetime, timezone

import websockets
from ocpp.routing import on


def report(**fields):
    print(json.dumps(fields), flush=True)


def now():
    return datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def v201_side():
    from ocpp.v201 import ChargePoint, call_result

    class Side(ChargePoint):
        @on("BootNotification")
        def boot(self, charging_station, reason, **kw):
            report(event="request", action="BootNotification", reason=reason)
            return call_result.BootNotification(current_time=now(), interval=10, status="Accepted")

        @on("Heartbeat")
        def heartbeat(self, **kw):
            report(event="request", action="Heartbeat")
            return call_result.Heartbeat(current_time=now())

        @on("StatusNotification")
        def status(self, connector_status, evse_id, connector_id, **kw):
            report(event="request", action="StatusNotification", status=connector_status, evse=evse_id, connector=connector_id)
            return call_result.StatusNotification()

        @on("NotifyEvent")
        def notify_event(self, **kw):
            report(event="request", action="NotifyEvent")
            return call_result.NotifyEvent()

        @on("SecurityEventNotification")
        def security_event(self, type, **kw):
            report(event="request", action="SecurityEventNotification", type=type)
            return call_result.SecurityEventNotification()

        @on("Authorize")
        def authorize(self, id_token, **kw):
            report(event="request", action="Authorize", id_token=id_token.get("id_token"))
            return call_result.Authorize(id_token_info={"status": "Accepted"})

        @on("TransactionEvent")
        def transaction_event(self, event_type, trigger_reason, seq_no, transaction_info, **kw):
            report(event="request", action="TransactionEvent", event_type=event_type, trigger_reason=trigger_reason,
                   seq_no=seq_no, transaction_id=transaction_info.get("transaction_id"))
            if kw.get("id_token"):
                return call_result.TransactionEvent(id_token_info={"status": "Accepted"})
            return call_result.TransactionEvent()

        @on("MeterValues")
        def meter_values(self, **kw):
            report(event="request", action="MeterValues")
            return call_result.MeterValues()

    return Side


def v16_side():
    from ocpp.v16 import ChargePoint, call_result

    class Side(ChargePoint):
        transaction_id = 4000

        @on("BootNotification")
        def boot(self, charge_point_vendor, charge_point_model, **kw):
            report(event="request", action="BootNotification", vendor=charge_point_vendor)
            return call_result.BootNotification(current_time=now(), interval=10, status="Accepted")

        @on("Heartbeat")
        def heartbeat(self, **kw):
            report(event="request", action="Heartbeat")
            return call_result.Heartbeat(current_time=now())

        @on("StatusNotification")
        def status(self, connector_id, error_code, status, **kw):
            report(event="request", action="StatusNotification", connector=connector_id, status=status)
            return call_result.StatusNotification()

        @on("Authorize")
        def authorize(self, id_tag, **kw):
            report(event="request", action="Authorize", id_tag=id_tag)
            return call_result.Authorize(id_tag_info={"status": "Accepted"})

        @on("StartTransaction")
        def on_start_transaction(self, connector_id, id_tag, meter_start, timestamp, **kw):
            Side.transaction_id += 1
            report(event="request", action="StartTransaction", connector=connector_id, id_tag=id_tag, transaction_id=Side.transaction_id)
            return call_result.StartTransaction(transaction_id=Side.transaction_id, id_tag_info={"status": "Accepted"})

        @on("StopTransaction")
        def on_stop_transaction(self, meter_stop, timestamp, transaction_id, **kw):
            report(event="request", action="StopTransaction", transaction_id=transaction_id, meter_stop=meter_stop)
            return call_result.StopTransaction()

        @on("MeterValues")
        def meter_values(self, connector_id, meter_value, **kw):
            report(event="request", action="MeterValues", connector=connector_id)
            return call_result.MeterValues()

        @on("DataTransfer")
        def data_transfer(self, vendor_id, **kw):
            return call_result.DataTransfer(status="UnknownVendorId")

    return Side


async def run(args):
    side_class = v201_side() if args.version == "2.0.1" else v16_side()
    subprotocol = "ocpp2.0.1" if args.version == "2.0.1" else "ocpp1.6"
    finished = asyncio.get_running_loop().create_future()

    async def on_connect(connection):
        path = connection.request.path
        report(event="connected", path=path, subprotocol=connection.subprotocol)
        side = side_class(path.rstrip("/").split("/")[-1], connection)
        try:
            await side.start()
        except websockets.ConnectionClosed:
            pass
        report(event="closed")
        if not finished.done():
            finished.set_result(True)

    async with websockets.serve(on_connect, "127.0.0.1", args.port, subprotocols=[subprotocol]) as server:
        report(event="listening", port=server.sockets[0].getsockname()[1])
        try:
            await asyncio.wait_for(finished, timeout=args.timeout)
        except asyncio.TimeoutError:
            report(event="timeout")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--version", choices=["1.6", "2.0.1"], default="2.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args()
    try:
        asyncio.run(run(args))
    except Exception as error:
        report(event="error", error=f"{type(error).__name__}: {error}")
        sys.exit(1)


if __name__ == "__main__":
    main()
