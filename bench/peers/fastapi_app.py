"""Peer `fastapi`: the benchmark contract in FastAPI on uvicorn, written as its documentation teaches.

`async def` handlers, a pydantic model for the echo body, an integer path parameter. FastAPI answers
malformed JSON with 422; the contract wants 400 (as every other peer gives), so one exception handler
sends 400 when the only error is a JSON decode error. Run alone:

    /usr/bin/python3 bench/peers/fastapi_app.py --port 8000

It binds the socket itself (so port 0 works) and prints `listening <port>` once uvicorn has started
and installed its SIGTERM handler.
"""
import argparse
import asyncio
import json
import os
import socket
import sys
import threading

import uvicorn
from fastapi import FastAPI, Request, WebSocket, WebSocketDisconnect
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, StrictStr

app = FastAPI()


class Echo(BaseModel):
    # Strict: the contract answers 422 for a non-string, where pydantic 1 would coerce 1 to "1".
    title: StrictStr
    description: StrictStr


async def contract_validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    """The contract's answer to invalid input: 400 for malformed JSON, else 422 listing every error.

    Shared with the classifier peer (`tagifai_fastapi.py`), which installs it the same way."""
    errors = exc.errors()
    if any(error.get("type") in ("json_invalid", "value_error.jsondecode") for error in errors):
        return JSONResponse({"detail": "There was an error parsing the body"}, status_code=400)
    return JSONResponse({"detail": json.loads(json.dumps(errors, default=str))}, status_code=422)


app.add_exception_handler(RequestValidationError, contract_validation_error)


@app.get("/")
async def root() -> dict:
    return {"api": "fastit"}


@app.get("/items/{item_id}")
async def read_item(item_id: int, q: str | None = None) -> dict:
    return {"item_id": item_id, "q": q}


@app.post("/echo")
async def echo(body: Echo) -> Echo:
    return body


@app.websocket("/ws")
async def ws_echo(websocket: WebSocket) -> None:
    await websocket.accept()
    try:
        while True:
            message = await websocket.receive()
            if message["type"] == "websocket.disconnect":
                return
            if message.get("text") is not None:
                await websocket.send_text(message["text"])
            else:
                await websocket.send_bytes(message["bytes"])
    except WebSocketDisconnect:
        return


def exit_when_stdin_closes() -> None:
    """The harness holds our stdin open; when it goes away (even killed), so do we."""
    def watch() -> None:
        # os.read, not sys.stdin: a daemon thread blocked in the buffered reader holds its lock and
        # makes the interpreter's own shutdown hang.
        while os.read(0, 4096):
            pass
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


class AnnouncingServer(uvicorn.Server):
    """A uvicorn server that prints `listening <port>` once its signal handlers and sockets are live."""

    async def startup(self, sockets=None) -> None:
        await super().startup(sockets=sockets)
        print(f"listening {sockets[0].getsockname()[1]}", flush=True)

    async def shutdown(self, sockets=None) -> None:
        # uvicorn 0.17 waits without limit for handler tasks; a WebSocket whose client vanished
        # without a close frame can keep one alive. Give them two seconds, then stop anyway.
        asyncio.get_running_loop().call_later(2.0, setattr, self, "force_exit", True)
        await super().shutdown(sockets=sockets)


def serve(target, port: int, exit_with_stdin: bool = False) -> None:
    """Binds 127.0.0.1:port and runs uvicorn (uvloop + httptools) on that socket until SIGTERM."""
    if exit_with_stdin:
        exit_when_stdin_closes()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(("127.0.0.1", port))
    except OSError as error:
        # One line, as the Node peers report it, rather than a traceback.
        sys.exit(f"could not listen on 127.0.0.1:{port}: {error.strerror}")
    config = uvicorn.Config(target, loop="uvloop", http="httptools", ws="wsproto", log_level=os.environ.get("PEER_LOG_LEVEL", "warning"), access_log=False)
    AnnouncingServer(config).run(sockets=[sock])
    sys.exit(0)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--exit-with-stdin", action="store_true", help="exit when stdin closes (used by the harness)")
    arguments = parser.parse_args()
    serve(app, arguments.port, arguments.exit_with_stdin)
