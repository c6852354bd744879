#!/usr/bin/env python3
"""Interop DUT: an OCPP 1.6 Charge Point built on the `ocpp` library's v16 ChargePoint and
`websockets`, so that ocppspec (playing the Central System) can run its 1.6 cases against a Charge
Point nobody here wrote. One connector. It boots (retrying after the interval on Pending or
Rejected), sends StatusNotification for connectors 0 and 1, heartbeats, and handles
GetConfiguration, ChangeConfiguration, RemoteStartTransaction, RemoteStopTransaction and Reset.

Its physical world is driven by ocppspec's `http` action driver: POST {"action": …, "arguments":
{…}} to http://127.0.0.1:<control-port>/action with the actions reboot, plugIn, unplug and
presentIdToken.

    charge_point_v16.py --url ws://127.0.0.1:PORT/ocpp/CP16 --control-port 0

Reports JSON lines on stdout: {"event": "control", "port": N}, {"event": "connected"},
{"event": "sent", "action": …}, {"event": "received", "action": …}. Runs until --timeout passes or
stdin closes.
"""
import argparse
import asyncio
import os
import sys
from datetime import datetime, timezone

import websockets
from ocpp.routing import after, on
from ocpp.v16 import ChargePoint, call, call_result

from action_endpoint import report, serve_actions


def now():
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class Device:
    """The Charge Point's state across connections (a reboot keeps the configuration)."""

    def __init__(self):
        self.config = {
            "HeartbeatInterval": "300",
            "ConnectionTimeOut": "30",
            "MeterValueSampleInterval": "60",
            "AuthorizeRemoteTxRequests": "false",
            "LocalPreAuthorize": "false",
            "NumberOfConnectors": "1",
        }
        self.read_only = {"NumberOfConnectors"}
        self.plugged = False
        self.authorized_tag = None      # idTag waiting for the cable
        self.transaction_id = None
        self.connection_timer = None
        self.cp = None
        self.reboot_requested = asyncio.Event()


class PythonChargePoint(ChargePoint):
    def __init__(self, station_id, connection, device):
        super().__init__(station_id, connection)
        self.device = device
        self.accepted = asyncio.Event()
        self.tasks = set()
        self.remote_start_accepted = None
        self.remote_stop_accepted = False

    def spawn(self, coroutine):
        """Starts work that belongs to this connection; it ends with the connection."""
        task = asyncio.get_running_loop().create_task(coroutine)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        return task

    # --- Central System → Charge Point

    @on("GetConfiguration")
    def on_get_configuration(self, key=None, **_):
        d = self.device
        wanted = key if key else list(d.config)
        known = [{"key": k, "readonly": k in d.read_only, "value": d.config[k]} for k in wanted if k in d.config]
        unknown = [k for k in wanted if k not in d.config]
        report(event="received", action="GetConfiguration", key=key)
        return call_result.GetConfiguration(configuration_key=known, unknown_key=unknown or None)

    @on("ChangeConfiguration")
    def on_change_configuration(self, key, value, **_):
        d = self.device
        report(event="received", action="ChangeConfiguration", key=key, value=value)
        if key not in d.config:
            return call_result.ChangeConfiguration(status="NotSupported")
        if key in d.read_only:
            return call_result.ChangeConfiguration(status="Rejected")
        if key in ("HeartbeatInterval", "ConnectionTimeOut", "MeterValueSampleInterval") and not value.isdigit():
            return call_result.ChangeConfiguration(status="Rejected")
        d.config[key] = value
        return call_result.ChangeConfiguration(status="Accepted")

    @on("RemoteStartTransaction")
    def on_remote_start(self, id_tag, connector_id=None, **_):
        d = self.device
        report(event="received", action="RemoteStartTransaction", connectorId=connector_id, idTag=id_tag)
        if connector_id not in (None, 1) or d.transaction_id is not None or d.authorized_tag is not None:
            self.remote_start_accepted = None
            return call_result.RemoteStartTransaction(status="Rejected")
        self.remote_start_accepted = id_tag
        return call_result.RemoteStartTransaction(status="Accepted")

    @after("RemoteStartTransaction")
    def after_remote_start(self, **_):
        # Only once the answer is on its way: the start must not overtake RemoteStartTransaction.conf.
        if self.remote_start_accepted is not None:
            self.spawn(self.remote_start(self.remote_start_accepted))
            self.remote_start_accepted = None

    @on("RemoteStopTransaction")
    def on_remote_stop(self, transaction_id, **_):
        d = self.device
        if d.transaction_id != transaction_id:
            return call_result.RemoteStopTransaction(status="Rejected")
        self.remote_stop_accepted = True
        return call_result.RemoteStopTransaction(status="Accepted")

    @after("RemoteStopTransaction")
    def after_remote_stop(self, **_):
        if self.remote_stop_accepted:
            self.remote_stop_accepted = False
            self.spawn(self.stop_transaction("Remote"))

    @on("Reset")
    def on_reset(self, type, **_):
        self.device.reboot_requested.set()
        return call_result.Reset(status="Accepted")

    # --- Charge Point → Central System

    async def send(self, request):
        name = type(request).__name__
        report(event="sent", action=name)
        return await self.call(request)

    async def boot(self):
        while True:
            response = await self.send(call.BootNotification(charge_point_model="PyCP16", charge_point_vendor="ocpp-python"))
            interval = max(int(response.interval or 0), 1)
            if response.status == "Accepted":
                self.device.config["HeartbeatInterval"] = str(interval)
                break
            # Pending or Rejected: ask again after the interval (1.6 §4.2); nothing else is sent while Rejected.
            await asyncio.sleep(interval)
        self.accepted.set()
        connector_status = "Preparing" if self.device.plugged else "Available"
        await self.status(0, "Available")
        await self.status(1, connector_status)
        self.spawn(self.heartbeats())

    async def heartbeats(self):
        while True:
            await asyncio.sleep(int(self.device.config["HeartbeatInterval"]))
            await self.send(call.Heartbeat())

    async def status(self, connector, status):
        await self.send(call.StatusNotification(connector_id=connector, error_code="NoError", status=status, timestamp=now()))

    async def authorize(self, id_tag):
        response = await self.send(call.Authorize(id_tag=id_tag))
        return response.id_tag_info["status"] == "Accepted"

    async def remote_start(self, id_tag):
        d = self.device
        if d.config["AuthorizeRemoteTxRequests"].lower() == "true" and not await self.authorize(id_tag):
            return
        await self.authorized(id_tag)

    async def authorized(self, id_tag):
        d = self.device
        d.authorized_tag = id_tag
        if d.plugged:
            await self.start_transaction()
            return
        await self.status(1, "Preparing")
        d.connection_timer = self.spawn(self.connection_timeout())

    async def connection_timeout(self):
        d = self.device
        await asyncio.sleep(int(d.config["ConnectionTimeOut"]))
        if d.authorized_tag is not None and not d.plugged:
            d.authorized_tag = None
            await self.status(1, "Available")

    async def start_transaction(self):
        d = self.device
        if d.connection_timer:
            d.connection_timer.cancel()
        response = await self.send(call.StartTransaction(connector_id=1, id_tag=d.authorized_tag, meter_start=0, timestamp=now()))
        d.transaction_id = response.transaction_id
        await self.status(1, "Charging")

    async def stop_transaction(self, reason, id_tag=None):
        d = self.device
        tx, d.transaction_id, d.authorized_tag = d.transaction_id, None, None
        await self.send(call.StopTransaction(meter_stop=100, timestamp=now(), transaction_id=tx, reason=reason, id_tag=id_tag))
        await self.status(1, "Finishing")

    # --- the physical world

    async def plug_in(self):
        d = self.device
        d.plugged = True
        if d.authorized_tag is not None and d.transaction_id is None:
            await self.start_transaction()
        else:
            await self.status(1, "Preparing")

    async def unplug(self):
        d = self.device
        d.plugged = False
        if d.transaction_id is not None:
            await self.stop_transaction("EVDisconnected")
        await self.status(1, "Available")

    async def present(self, id_tag):
        d = self.device
        if d.transaction_id is not None and id_tag == d.authorized_tag:
            await self.stop_transaction("Local", id_tag)
        elif d.transaction_id is None and await self.authorize(id_tag):
            await self.authorized(id_tag)


async def serve_control(device, port):
    """The physical world, driven by ocppspec's http action driver."""

    def dispatch(action, arguments):
        cp = device.cp
        if action == "reboot":
            device.reboot_requested.set()
        elif cp is None:
            return "409 Conflict"
        elif action == "plugIn":
            cp.spawn(cp.plug_in())
        elif action == "unplug":
            cp.spawn(cp.unplug())
        elif action == "presentIdToken":
            cp.spawn(cp.present(arguments.get("idToken")))
        else:
            return "501 Not Implemented"
        return "200 OK"

    return await serve_actions(port, dispatch)


async def run_connection(args, device):
    """One life of the Charge Point: connect, boot, run until a reboot is asked for."""
    deadline = asyncio.get_running_loop().time() + 30
    while True:
        try:
            ws = await websockets.connect(args.url, subprotocols=["ocpp1.6"])
            break
        except OSError:
            if asyncio.get_running_loop().time() > deadline:
                raise
            await asyncio.sleep(0.2)
    report(event="connected")
    cp = PythonChargePoint(args.url.rsplit("/", 1)[-1], ws, device)
    device.cp = cp
    device.reboot_requested.clear()
    tasks = [asyncio.create_task(cp.start()), asyncio.create_task(cp.boot())]
    reboot = asyncio.create_task(device.reboot_requested.wait())
    await asyncio.wait(tasks + [reboot], return_when=asyncio.FIRST_COMPLETED)
    while not reboot.done() and not tasks[0].done():
        await asyncio.wait([tasks[0], reboot], return_when=asyncio.FIRST_COMPLETED)
    device.cp = None
    for task in list(cp.tasks) + tasks + [reboot]:
        task.cancel()
    await ws.close()
    # A reboot forgets what was going on (no transaction survives in this simple device).
    device.plugged, device.authorized_tag, device.transaction_id = False, None, None
    report(event="rebooting" if reboot.done() else "disconnected")
    await asyncio.sleep(0.5)


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--control-port", type=int, default=0)
    parser.add_argument("--timeout", type=float, default=600)
    args = parser.parse_args()
    device = Device()
    control = await serve_control(device, args.control_port)

    async def lives():
        while True:
            await run_connection(args, device)

    async def stdin_closed():
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, sys.stdin.read)

    done, pending = await asyncio.wait(
        [asyncio.create_task(lives()), asyncio.create_task(stdin_closed()), asyncio.create_task(asyncio.sleep(args.timeout))],
        return_when=asyncio.FIRST_COMPLETED,
    )
    for task in pending:
        task.cancel()
    control.close()
    for task in done:
        if task.exception():
            report(event="error", error=str(task.exception()))
            return 1
    return 0


if __name__ == "__main__":
    code = asyncio.run(main())
    sys.stdout.flush()
    # The stdin reader thread may still be blocked; do not wait for it.
    os._exit(code)
