#!/usr/bin/python3
"""A libzmq peer outside the cluster for the bridge tests, driven by options and standard input.

  bridge_peer.py TYPE [--bind EP]... [--connect EP]... [--sub PREFIX]...
                 [--curve-server SECRET_Z85] [--curve-client SERVER_PUBLIC_Z85] [--timeout MS]

Prints one JSON object per line: {"event":"bound","endpoint":REAL} per bind, {"event":"ready"} once set up, then
  SUB: {"event":"recv","frames":[TEXT...]} per message (UTF-8, errors replaced); {"event":"timeout"} and exit 3
       when nothing comes for --timeout ms;
  PUB: reads lines of standard input, each a JSON array of strings, and sends each as one multipart message.
The peer exits when its standard input closes, so a test that ends never leaves it running.
"""
import argparse
import json
import os
import sys
import threading

import zmq

parser = argparse.ArgumentParser()
parser.add_argument("type", choices=["PUB", "SUB"])
parser.add_argument("--bind", action="append", default=[])
parser.add_argument("--connect", action="append", default=[])
parser.add_argument("--sub", action="append", default=[])
parser.add_argument("--curve-server")
parser.add_argument("--curve-client")
parser.add_argument("--timeout", type=int, default=30000)
args = parser.parse_args()


def emit(**event):
    print(json.dumps(event), flush=True)


context = zmq.Context()
socket = context.socket(getattr(zmq, args.type))
socket.setsockopt(zmq.LINGER, 0)
if args.curve_server:
    socket.setsockopt(zmq.CURVE_SERVER, 1)
    socket.setsockopt(zmq.CURVE_SECRETKEY, args.curve_server.encode("ascii"))
if args.curve_client:
    public, secret = zmq.curve_keypair()
    socket.setsockopt(zmq.CURVE_PUBLICKEY, public)
    socket.setsockopt(zmq.CURVE_SECRETKEY, secret)
    socket.setsockopt(zmq.CURVE_SERVERKEY, args.curve_client.encode("ascii"))
for prefix in args.sub:
    socket.setsockopt(zmq.SUBSCRIBE, prefix.encode("utf-8"))
for endpoint in args.bind:
    socket.bind(endpoint)
    emit(event="bound", endpoint=socket.getsockopt(zmq.LAST_ENDPOINT).decode())
for endpoint in args.connect:
    socket.connect(endpoint)
emit(event="ready")

if args.type == "SUB":
    def leave_when_stdin_closes():
        sys.stdin.read()
        os._exit(0)

    threading.Thread(target=leave_when_stdin_closes, daemon=True).start()
    socket.setsockopt(zmq.RCVTIMEO, args.timeout)
    while True:
        try:
            frames = socket.recv_multipart()
        except zmq.Again:
            emit(event="timeout")
            os._exit(3)
        emit(event="recv", frames=[f.decode("utf-8", "replace") for f in frames])
else:
    for line in sys.stdin:
        if line.strip():
            socket.send_multipart([f.encode("utf-8") for f in json.loads(line)])
    socket.close()
    context.term()
