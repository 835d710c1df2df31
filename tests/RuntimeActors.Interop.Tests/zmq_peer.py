#!/usr/bin/python3
"""A libzmq peer for the interop suite, driven by a script of steps on the command line.

Every step is one argument; the peer runs them in order and prints one JSON object per line on
standard output, so that the .NET tests can await each event:
  bind:EP            bind and print {"event":"bound","endpoint":REAL}
  connect:EP         connect
  unbind:EP / disconnect:EP
  sub:PREFIX         ZMQ_SUBSCRIBE (hex after 'sub:x:' for binary)   unsub:PREFIX
  opt:NAME=VALUE     setsockopt with an int or a string value (e.g. opt:ROUTING_ID=alice); CURVE keys,
                     PLAIN credentials and the ZAP domain are always strings: opt:CURVE_SERVER=1,
                     opt:CURVE_SECRETKEY=Z85, opt:CURVE_PUBLICKEY=Z85, opt:CURVE_SERVERKEY=Z85 (40 Z85
                     characters each), opt:PLAIN_SERVER=1, opt:PLAIN_USERNAME=U, opt:PLAIN_PASSWORD=P
  send:F1|F2|...     send one multipart message; 'hex:' frames are hex, 'big:N' is N bytes of 'x'
  trysend:F1|F2|...  the same without waiting, printing {"event":"sent"} or, if it would block, {"event":"unsent"}
  recv:N             receive N messages, printing {"event":"recv","frames":[hex...]}
  ordered:N:SIZE     receive N messages that must be [decimal index 0..N-1, SIZE bytes of 'x'] (what flood
                     sends), printing only {"event":"ordered","text":N}, or {"event":"disorder",...} at the
                     first message out of place (exit 4)
  recvid:N           the same, with the first frame's User-Id property (set by ZAP) as "user_id", null if none
  until:F            receive messages, printing each as recv, until one whose first frame is F
  echo:N:PREFIX      receive N messages and send back the same envelope with PREFIX before the last frame
  repeat:F1|F2|...   send the message once per line 'again' on standard input, until a line 'stop'
  wait:TEXT          wait for a line TEXT on standard input (lets the test sequence both peers)
  mark:TEXT          print {"event":"mark","text":TEXT}: tells the test the steps before it are done
  flood:N:SIZE:MS    send N messages [decimal index, SIZE bytes of 'x'] as fast as it can, printing only
                     {"event":"blocked","text":INDEX} the first time a send waited MS ms in vain (backpressure;
                     it then waits as long as --timeout), and {"event":"flooded","text":N} at the end
  ticks:N:MS:PREFIX  send N messages PREFIX0 .. PREFIX<N-1>, MS ms apart (a pace set by the peer's clock)
  clock:N:MS         print {"event":"tick","text":INDEX} N times, MS ms apart, without touching the socket
Security (place these before the bind or connect):
  monitor            print the socket's monitor events from now on, from a thread, as
                     {"event":"monitor","kind":KIND,"value":VALUE,"endpoint":EP} with libzmq's event name
                     (HANDSHAKE_FAILED_AUTH, HANDSHAKE_FAILED_PROTOCOL, DISCONNECTED...) and value (the ZAP
                     status code, the ZMQ_PROTOCOL_ERROR_* code, ...)
  auth:plain:U:P[,U:P]  a ZAP handler (zmq.auth ThreadAuthenticator, started on first use) that allows these
                     PLAIN users, in every domain
  auth:curve:KEY[,KEY]  the same for CURVE clients with these Z85 public keys (written as certificates into a
                     temporary directory, as configure_curve reads them)
  auth:curve-any     the same allowing every CURVE client key (CURVE_ALLOW_ANY)
Pub/sub needs 'until' and 'repeat' for the slow joiner: the sending side repeats a warm-up message
until the receiving side gets one, without anyone sleeping.
Every receive honours --timeout (ms); a timeout prints {"event":"timeout"} and exits 3.
"""
import atexit
import json
import os
import shutil
import sys
import tempfile
import threading
import time

import zmq
import zmq.auth
import zmq.utils.monitor
from zmq.auth.thread import ThreadAuthenticator

TYPES = {name: getattr(zmq, name) for name in
         ["PAIR", "PUB", "SUB", "REQ", "REP", "DEALER", "ROUTER", "PULL", "PUSH", "XPUB", "XSUB"]}


# Option values that are text even when they look like a number (a password of digits, say).
TEXT_OPTIONS = {"CURVE_PUBLICKEY", "CURVE_SECRETKEY", "CURVE_SERVERKEY", "PLAIN_USERNAME", "PLAIN_PASSWORD",
                "ZAP_DOMAIN", "ROUTING_ID"}

# The monitor thread prints too: one line at a time.
OUTPUT = threading.Lock()


def emit(**event):
    line = json.dumps(event)
    with OUTPUT:
        print(line, flush=True)


def watch(monitor):
    """Prints every monitor event until the monitor stops."""
    while True:
        event = zmq.utils.monitor.recv_monitor_message(monitor)
        if event["event"] == zmq.EVENT_MONITOR_STOPPED:
            return
        emit(event="monitor", kind=zmq.Event(event["event"]).name, value=event["value"],
             endpoint=event["endpoint"].decode(errors="replace"))


def user_id(message):
    try:
        return message[0].get("User-Id")
    except zmq.ZMQError:
        return None


def frame(text):
    if text.startswith("hex:"):
        return bytes.fromhex(text[4:])
    if text.startswith("big:"):
        return b"x" * int(text[4:])
    return text.encode()


def receive(sock):
    try:
        return sock.recv_multipart()
    except zmq.Again:
        emit(event="timeout")
        sys.exit(3)


def main():
    args = sys.argv[1:]
    timeout = 10000
    if args and args[0].startswith("--timeout="):
        timeout = int(args.pop(0).split("=", 1)[1])
    ctx = zmq.Context()
    sock = ctx.socket(TYPES[args.pop(0)])
    sock.setsockopt(zmq.RCVTIMEO, timeout)
    sock.setsockopt(zmq.SNDTIMEO, timeout)
    sock.setsockopt(zmq.LINGER, 2000)
    monitor = None
    auth = None
    for step in args:
        verb, _, rest = step.partition(":")
        if verb == "bind":
            sock.bind(rest)
            emit(event="bound", endpoint=sock.getsockopt(zmq.LAST_ENDPOINT).decode())
        elif verb == "connect":
            sock.connect(rest)
            emit(event="connecting", endpoint=rest)
        elif verb == "unbind":
            sock.unbind(rest)
        elif verb == "disconnect":
            sock.disconnect(rest)
        elif verb in ("sub", "unsub"):
            topic = bytes.fromhex(rest[2:]) if rest.startswith("x:") else rest.encode()
            sock.setsockopt(zmq.SUBSCRIBE if verb == "sub" else zmq.UNSUBSCRIBE, topic)
        elif verb == "opt":
            name, _, value = rest.partition("=")
            option = getattr(zmq, name)
            number = name not in TEXT_OPTIONS and value.lstrip("-").isdigit()
            sock.setsockopt(option, int(value) if number else value.encode())
        elif verb == "send":
            sock.send_multipart([frame(f) for f in rest.split("|")])
            emit(event="sent")
        elif verb == "trysend":
            try:
                sock.send_multipart([frame(f) for f in rest.split("|")], zmq.NOBLOCK)
                emit(event="sent")
            except zmq.Again:
                emit(event="unsent")
        elif verb == "recv":
            for _ in range(int(rest)):
                emit(event="recv", frames=[f.hex() for f in receive(sock)])
        elif verb == "ordered":
            count, size = (int(part) for part in rest.split(":"))
            padding = b"x" * size
            for index in range(count):
                frames = receive(sock)
                if frames != [str(index).encode(), padding]:
                    got = frames[0][:32].decode(errors="replace") if frames else "nothing"
                    emit(event="disorder", text=f"message {index}: got {len(frames)} frame(s) starting {got!r}")
                    sys.exit(4)
            emit(event="ordered", text=str(count))
        elif verb == "recvid":
            for _ in range(int(rest)):
                try:
                    message = sock.recv_multipart(copy=False)
                except zmq.Again:
                    emit(event="timeout")
                    sys.exit(3)
                emit(event="recv", frames=[f.bytes.hex() for f in message], user_id=user_id(message))
        elif verb == "until":
            while True:
                message = receive(sock)
                emit(event="recv", frames=[f.hex() for f in message])
                if message[0] == frame(rest):
                    break
        elif verb == "repeat":
            message = [frame(f) for f in rest.split("|")]
            while (line := sys.stdin.readline().strip()) == "again":
                sock.send_multipart(message)
            if line != "stop":
                emit(event="error", message=f"expected 'again' or 'stop' on stdin, got {line!r}")
                sys.exit(1)
        elif verb == "echo":
            count, _, prefix = rest.partition(":")
            for _ in range(int(count)):
                message = receive(sock)
                message[-1] = prefix.encode() + message[-1]
                sock.send_multipart(message)
                emit(event="echoed", frames=[f.hex() for f in message])
        elif verb == "flood":
            count, size, patience = (int(part) for part in rest.split(":"))
            padding = b"x" * size
            blocked = False
            sock.setsockopt(zmq.SNDTIMEO, patience)
            for index in range(count):
                message = [str(index).encode(), padding]
                if not blocked:
                    try:
                        sock.send_multipart(message)
                        continue
                    except zmq.Again:
                        blocked = True
                        emit(event="blocked", text=str(index))
                        sock.setsockopt(zmq.SNDTIMEO, timeout)
                try:
                    sock.send_multipart(message)
                except zmq.Again:
                    emit(event="timeout")
                    sys.exit(3)
            sock.setsockopt(zmq.SNDTIMEO, timeout)
            emit(event="flooded", text=str(count))
        elif verb == "ticks":
            count, pace, prefix = rest.split(":", 2)
            for index in range(int(count)):
                if index > 0:
                    time.sleep(int(pace) / 1000)
                sock.send(f"{prefix}{index}".encode())
            emit(event="sent")
        elif verb == "clock":
            count, pace = (int(part) for part in rest.split(":"))
            for index in range(count):
                if index > 0:
                    time.sleep(pace / 1000)
                emit(event="tick", text=str(index))
        elif verb == "monitor":
            monitor = sock.get_monitor_socket()
            watcher = threading.Thread(target=watch, args=(monitor,), daemon=True)
            watcher.start()
        elif verb == "auth":
            if auth is None:
                auth = ThreadAuthenticator(ctx)
                auth.start()
            kind, _, allowed = rest.partition(":")
            if kind == "plain":
                users = dict(entry.split(":", 1) for entry in allowed.split(","))
                auth.configure_plain(domain="*", passwords=users)
            elif kind == "curve":
                certificates = tempfile.mkdtemp(prefix="zmq-peer-certs-")
                atexit.register(shutil.rmtree, certificates, True)
                for index, key in enumerate(allowed.split(",")):
                    with open(os.path.join(certificates, f"client{index}.key"), "w", encoding="ascii") as f:
                        f.write(f'metadata\ncurve\n    public-key = "{key}"\n')
                auth.configure_curve(domain="*", location=certificates)
            elif kind == "curve-any":
                auth.configure_curve(domain="*", location=zmq.auth.CURVE_ALLOW_ANY)
            else:
                emit(event="error", message=f"unknown auth kind {kind!r}")
                sys.exit(2)
        elif verb == "mark":
            emit(event="mark", text=rest)
        elif verb == "wait":
            line = sys.stdin.readline().strip()
            if line != rest:
                emit(event="error", message=f"expected {rest!r} on stdin, got {line!r}")
                sys.exit(1)
        else:
            emit(event="error", message=f"unknown step {step!r}")
            sys.exit(2)
    emit(event="done")
    if monitor is not None:
        sock.disable_monitor()
        watcher.join()
        monitor.close()
    sock.close()
    if auth is not None:
        auth.stop()
    ctx.term()


if __name__ == "__main__":
    main()
