"""The receiving end of ocppspec's `http` action driver, shared by the interop devices: a minimal
HTTP/1.1 server that takes POST {"action": …, "arguments": {…}} and answers with the status the
device's dispatch function returns. Each step is reported as a JSON line on stdout."""
import asyncio
import json


def report(**fields):
    print(json.dumps(fields, default=str), flush=True)


async def serve_actions(port, dispatch):
    """Listens on 127.0.0.1:`port` (0: any); `dispatch(action, arguments)` returns the HTTP status
    line ("200 OK", "409 Conflict"…). A broken request is answered 400 and never ends the device."""

    async def handle(reader, writer):
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.decode("latin-1").split("\r\n"):
                if line.lower().startswith("content-length:"):
                    length = int(line.split(":", 1)[1])
            body = json.loads(await reader.readexactly(length)) if length else {}
            action, arguments = body.get("action"), body.get("arguments") or {}
            report(event="action", action=action, arguments=arguments)
            status = dispatch(action, arguments)
        except Exception as error:
            report(event="control-error", error=str(error))
            status = "400 Bad Request"
        writer.write(f"HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".encode())
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", port)
    report(event="control", port=server.sockets[0].getsockname()[1])
    return server
