#!/usr/bin/python3
"""A libzmq peer for the interop suite, driven by a script of steps on the command line.

Every step is one argument; the peer runs them in order and prints one JSON object per line on
standard output, so that the .NET tests can await each event:
  bind:EP            bind and print {"event":"bound","endpoint":REAL}
  connect:EP         connect
  unbind:EP / disconnect:EP
  sub:PREFIX         ZMQ_SUBSCRIBE (hex after 'sub:x:' for binary)   unsub:PREFIX
  opt:NAME=VALUE     setsockopt with an int or a string value (e.g. opt:ROUTING_ID=alice)
  send:F1|F2|...     send one multipart message; 'hex:' frames are hex, 'big:N' is N bytes of 'x'
  recv:N             receive N messages, printing {"event":"recv","frames":[hex...]}
  until:F            receive messages, printing each as recv, until one whose first frame is F
  echo:N:PREFIX      receive N messages and send back the same envelope with PREFIX before the last frame
  repeat:F1|F2|...   send the message once per line 'again' on standard input, until a line 'stop'
  wait:TEXT          wait for a line TEXT on standard input (lets the test sequence both peers)
  mark:TEXT          print {"event":"mark","text":TEXT}: tells the test the steps before it are done
  flood:N:SIZE:MS    send N messages [decimal index, SIZE bytes of 'x'] as fast as it can, printing only
                     {"event":"blocked","text":INDEX} the first time a send waited MS ms in vain (backpressure;
                     it then waits as long as --timeout), and {"event":"flooded","text":N} at the end
Pub/sub needs 'until' and 'repeat' for the slow joiner: the sending side repeats a warm-up message
until the receiving side gets one, without anyone sleeping.
Every receive honours --timeout (ms); a timeout prints {"event":"timeout"} and exits 3.
"""
import json
import sys

import zmq

TYPES = {name: getattr(zmq, name) for name in
         ["PAIR", "PUB", "SUB", "REQ", "REP", "DEALER", "ROUTER", "PULL", "PUSH", "XPUB", "XSUB"]}


def emit(**event):
    print(json.dumps(event), flush=True)


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
            sock.setsockopt(option, int(value) if value.lstrip("-").isdigit() else value.encode())
        elif verb == "send":
            sock.send_multipart([frame(f) for f in rest.split("|")])
            emit(event="sent")
        elif verb == "recv":
            for _ in range(int(rest)):
                emit(event="recv", frames=[f.hex() for f in receive(sock)])
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
    sock.close()
    ctx.term()


if __name__ == "__main__":
    main()
