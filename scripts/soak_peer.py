#!/usr/bin/env python3
"""A libzmq peer of the soak (src/Tools/RuntimeActors.Soak), under pyzmq.

    soak_peer.py forward PULL_FROM PUSH_TO   PULL connects to PULL_FROM, PUSH to PUSH_TO, every message passed on
    soak_peer.py rep ENDPOINT                REP binds ENDPOINT and echoes every request
    soak_peer.py proxy PUB_AT SUB_AT         XSUB connects to the PUB at PUB_AT, XPUB to the SUB at SUB_AT: zmq.proxy

It prints "ready" once its sockets are set up, and exits at once when its standard input closes: that is how the
soak stops it (after draining, so nothing is in flight), and why it never outlives the soak.
"""
import os
import sys
import threading

import zmq


def exit_when_stdin_closes():
    sys.stdin.read()
    os._exit(0)


def main(mode, *endpoints):
    ctx = zmq.Context()
    if mode == "forward":
        pull = ctx.socket(zmq.PULL)
        push = ctx.socket(zmq.PUSH)
        pull.connect(endpoints[0])
        push.connect(endpoints[1])
        front, back = pull, push
    elif mode == "rep":
        rep = ctx.socket(zmq.REP)
        rep.bind(endpoints[0])
        front, back = rep, None
    elif mode == "proxy":
        xsub = ctx.socket(zmq.XSUB)
        xpub = ctx.socket(zmq.XPUB)
        xsub.connect(endpoints[0])
        xpub.connect(endpoints[1])
        front, back = xsub, xpub
    else:
        sys.exit("unknown mode " + mode)

    threading.Thread(target=exit_when_stdin_closes, daemon=True).start()
    print("ready", flush=True)
    if back is None:
        while True:
            front.send_multipart(front.recv_multipart(copy=False), copy=False)
    else:
        zmq.proxy(front, back)


if __name__ == "__main__":
    main(*sys.argv[1:])
