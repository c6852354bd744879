#!/usr/bin/env python3
"""Interop DUT: an OCPP 2.0.1 CSMS built on the `ocpp` library and `websockets`, so that ocppspec
(playing the Charging Station) can run its CSMS cases against a CSMS nobody here wrote. The
library does the protocol work and checks every message against the official schemas; this file
only decides the answers and turns the harness's operator actions into requests.

Answers: BootNotification (Accepted, or what `setBootStatus` asked for, with a 10 s interval),
Heartbeat, StatusNotification, NotifyReport, NotifyEvent, SecurityEventNotification, MeterValues,
Authorize and TransactionEvent (idTokens listed with --valid are Accepted, others Unknown).

Operator actions come from ocppspec's `http` action driver: POST {"action": …, "arguments": {…}}
to http://127.0.0.1:<control-port>/action. `setBootStatus` {status}; GetVariables / SetVariables
{component, variable[, value]}; GetBaseReport {reportBase}; Reset {type[, evseId]}; TriggerMessage
{requestedMessage[, evse]}; SetNetworkProfile {configurationSlot, connectionData}. A request is
sent to the station that connected last; the HTTP answer comes at once (202), the station's
answer is reported on stdout.

    csms_v201.py --port 0 --control-port 0 [--valid VALID001 …]

Reports JSON lines on stdout: {"event": "listening", "port": N}, {"event": "control", "port": N},
{"event": "request", "action": …}, {"event": "sent", …}. Runs until --timeout or stdin closes.
"""
import argparse
import asyncio
import itertools
import os
import sys
from datetime import datetime, timezone

import websockets
from ocpp.routing import on
from ocpp.v201 import ChargePoint, call, call_result

from action_endpoint import report, serve_actions


def now():
    return datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


class Backend:
    def __init__(self, valid):
        self.valid = set(valid)
        self.next_boot_status = "Accepted"
        self.stations = {}
        self.last = None
        self.request_ids = itertools.count(1)


class StationSide(ChargePoint):
    """The CSMS end of one station connection."""

    def __init__(self, station_id, connection, backend):
        super().__init__(station_id, connection)
        self.backend = backend

    @on("BootNotification")
    def on_boot(self, charging_station, reason, **_):
        status = self.backend.next_boot_status
        self.backend.next_boot_status = "Accepted"
        report(event="request", action="BootNotification", reason=reason, answer=status)
        return call_result.BootNotification(current_time=now(), interval=10, status=status)

    @on("Heartbeat")
    def on_heartbeat(self, **_):
        report(event="request", action="Heartbeat")
        return call_result.Heartbeat(current_time=now())

    @on("StatusNotification")
    def on_status(self, **fields):
        report(event="request", action="StatusNotification", status=fields.get("connector_status"))
        return call_result.StatusNotification()

    @on("NotifyReport")
    def on_notify_report(self, request_id, seq_no, **fields):
        report(event="request", action="NotifyReport", requestId=request_id, seqNo=seq_no, tbc=fields.get("tbc", False))
        return call_result.NotifyReport()

    @on("NotifyEvent")
    def on_notify_event(self, **_):
        report(event="request", action="NotifyEvent")
        return call_result.NotifyEvent()

    @on("SecurityEventNotification")
    def on_security_event(self, **_):
        report(event="request", action="SecurityEventNotification")
        return call_result.SecurityEventNotification()

    @on("MeterValues")
    def on_meter_values(self, **_):
        report(event="request", action="MeterValues")
        return call_result.MeterValues()

    def token_info(self, id_token):
        token = (id_token or {}).get("id_token")
        return {"status": "Accepted" if token in self.backend.valid else "Unknown"}

    @on("Authorize")
    def on_authorize(self, id_token, **_):
        report(event="request", action="Authorize", idToken=id_token)
        return call_result.Authorize(id_token_info=self.token_info(id_token))

    @on("TransactionEvent")
    def on_transaction_event(self, event_type, **fields):
        report(event="request", action="TransactionEvent", eventType=event_type)
        token = fields.get("id_token")
        return call_result.TransactionEvent(id_token_info=self.token_info(token) if token else None)


def operator_request(backend, action, a):
    """The library request object for an operator action."""
    if action == "GetVariables":
        data = a.get("getVariableData") or [{"component": {"name": a["component"]}, "variable": {"name": a["variable"]}}]
        return call.GetVariables(get_variable_data=data)
    if action == "SetVariables":
        data = a.get("setVariableData") or [{
            "component": {"name": a["component"]}, "variable": {"name": a["variable"]}, "attributeValue": str(a["value"])}]
        return call.SetVariables(set_variable_data=data)
    if action == "GetBaseReport":
        return call.GetBaseReport(request_id=next(backend.request_ids), report_base=a.get("reportBase", "FullInventory"))
    if action == "Reset":
        return call.Reset(type=a.get("type", "Immediate"), evse_id=a.get("evseId"))
    if action == "TriggerMessage":
        return call.TriggerMessage(requested_message=a["requestedMessage"], evse=a.get("evse"))
    if action == "SetNetworkProfile":
        return call.SetNetworkProfile(configuration_slot=a["configurationSlot"], connection_data=a["connectionData"])
    return None


async def serve_control(backend, port):
    async def send(station, request):
        try:
            response = await station.call(request)
            report(event="answered", action=type(request).__name__, response=response)
        except Exception as error:
            report(event="call-failed", action=type(request).__name__, error=str(error))

    def dispatch(action, arguments):
        if action == "setBootStatus":
            backend.next_boot_status = arguments.get("status", "Accepted")
            return "200 OK"
        station = backend.stations.get(backend.last)
        request = operator_request(backend, action, arguments)
        if request is None:
            return "501 Not Implemented"
        if station is None:
            return "409 Conflict"
        asyncio.get_running_loop().create_task(send(station, request))
        return "202 Accepted"

    return await serve_actions(port, dispatch)


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--control-port", type=int, default=0)
    parser.add_argument("--valid", nargs="*", default=["VALID001"])
    parser.add_argument("--timeout", type=float, default=600)
    args = parser.parse_args()
    backend = Backend(args.valid)

    async def on_connect(connection):
        station_id = connection.request.path.rstrip("/").split("/")[-1]
        report(event="connected", station=station_id, subprotocol=connection.subprotocol)
        side = StationSide(station_id, connection, backend)
        backend.stations[station_id] = side
        backend.last = station_id
        try:
            await side.start()
        except websockets.ConnectionClosed:
            pass
        if backend.stations.get(station_id) is side:
            del backend.stations[station_id]
        report(event="closed", station=station_id)

    control = await serve_control(backend, args.control_port)
    async with websockets.serve(on_connect, "127.0.0.1", args.port, subprotocols=["ocpp2.0.1"]) as server:
        report(event="listening", port=server.sockets[0].getsockname()[1])

        async def stdin_closed():
            await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)

        await asyncio.wait([asyncio.create_task(stdin_closed()), asyncio.create_task(asyncio.sleep(args.timeout))],
                           return_when=asyncio.FIRST_COMPLETED)
    control.close()
    return 0


if __name__ == "__main__":
    code = asyncio.run(main())
    sys.stdout.flush()
    os._exit(code)
