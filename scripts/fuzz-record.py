#!/usr/bin/python3
"""Records the fuzz seed corpus (src/Tools/RuntimeActors.Fuzz/corpus/TARGET/) from real libzmq traffic.

Each scenario connects a pyzmq (libzmq) client to a pyzmq server through a raw TCP proxy that records what each side
sends. The client's bytes seed the server-side targets, the server's bytes the client-side ones: the first 64 bytes
are the greeting (corpus/greeting), the rest is what a mechanism and then the decoder read, saved behind one setup
byte naming our socket type (see FuzzTargets). Command bodies found in clear streams seed corpus/command. Endpoint
and Z85 seeds are what users type, written out here too. Run: /usr/bin/python3 scripts/fuzz-record.py
"""
import os
import socket
import threading
import time

import zmq
import zmq.auth.thread

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "Tools", "RuntimeActors.Fuzz", "corpus")

# Fixed keys, the same as FuzzTargets.CurveServerSecret / CurveClientSecret.
SERVER_PUBLIC = b"KYF*aicVFAZK}%d1b2L2D2Lv97!/PF-IzTXMF8D]"
SERVER_SECRET = b"xg=s*]sjRGY@^9UZhq&S>Q[nFqrcRAUBn[YZ&v4i"
CLIENT_PUBLIC = b"V{N$bU}%f:z$.mzlmtg=!)6f?Uy[-:+Yb}HUOrcz"
CLIENT_SECRET = b"5}$?aB$5xR8auU(<B+-D:!HOxV#HPeYm6=AJCu0u"

# RuntimeActors.SocketType values.
TYPES = {zmq.PAIR: 0, zmq.PUB: 1, zmq.SUB: 2, zmq.REQ: 3, zmq.REP: 4, zmq.DEALER: 5, zmq.ROUTER: 6, zmq.PULL: 7, zmq.PUSH: 8}


def write(target, name, data):
    folder = os.path.join(ROOT, target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


class Proxy:
    """Accepts one connection and relays it to the server, keeping each direction's bytes."""

    def __init__(self, server_port):
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(1)
        self.port = self.listener.getsockname()[1]
        self.server_port = server_port
        self.to_server = bytearray()
        self.to_client = bytearray()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        client, _ = self.listener.accept()
        server = socket.create_connection(("127.0.0.1", self.server_port))
        pumps = [threading.Thread(target=self.pump, args=(client, server, self.to_server), daemon=True),
                 threading.Thread(target=self.pump, args=(server, client, self.to_client), daemon=True)]
        for p in pumps:
            p.start()
        for p in pumps:
            p.join()

    @staticmethod
    def pump(source, destination, record):
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                record.extend(data)
                destination.sendall(data)
        except OSError:
            pass
        for s in (source, destination):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def commands(stream):
    """The command bodies of a clear ZMTP frame stream (after the greeting)."""
    found, i = [], 0
    while i < len(stream):
        flags = stream[i]
        if flags & 0x02:
            if i + 9 > len(stream):
                break
            size, i = int.from_bytes(stream[i + 1:i + 9], "big"), i + 9
        else:
            if i + 2 > len(stream):
                break
            size, i = stream[i + 1], i + 2
        if flags & 0x04:
            found.append(bytes(stream[i:i + size]))
        i += size
    return found


def scenario(name, mechanism, client_type, server_type, setup_client, setup_server, exchange, context=None):
    own_context = context is None
    context = context or zmq.Context()
    server = context.socket(server_type)
    setup_server(server)
    port = server.bind_to_random_port("tcp://127.0.0.1")
    proxy = Proxy(port)
    client = context.socket(client_type)
    setup_client(client)
    client.connect(f"tcp://127.0.0.1:{proxy.port}")
    exchange(client, server)
    time.sleep(0.4)  # heartbeats and late frames: the recording wants whatever the peers send in this window
    client.close(linger=0)
    server.close(linger=0)
    proxy.thread.join(timeout=5)
    if own_context:
        context.term()

    targets = {"NULL": ("null", "null"), "PLAIN": ("plain-server", "plain-client"), "CURVE": ("curve-server", "curve-client")}[mechanism]
    for stream, target, ours, side in ((proxy.to_server, targets[0], server_type, "from-client"),
                                       (proxy.to_client, targets[1], client_type, "from-server")):
        stream = bytes(stream)
        write("greeting", f"{name}-{side}", stream[:64])
        body = stream[64:]
        write(target, f"{name}-{side}", bytes([TYPES[ours]]) + body)
        write("decoder", f"{name}-{side}", bytes([TYPES[ours]]) + body)
        write("frames", f"{name}-{side}", body)
        if mechanism != "CURVE":
            for n, command in enumerate(commands(body)):
                write("command", f"{name}-{side}-{n}", command)
    print(f"{name}: {len(proxy.to_server)} bytes from the client, {len(proxy.to_client)} from the server")


def none(_):
    pass


def heartbeats(s):
    s.setsockopt(zmq.HEARTBEAT_IVL, 100)
    s.setsockopt(zmq.HEARTBEAT_TTL, 1000)
    s.setsockopt(zmq.HEARTBEAT_TIMEOUT, 1000)


def push_pull(client, server):
    client.send(b"hello")
    client.send_multipart([b"part one", b"", b"x" * 300])
    server.recv()
    server.recv_multipart()


def pub_sub(client, server):
    client.setsockopt(zmq.SUBSCRIBE, b"topic")
    client.setsockopt(zmq.SUBSCRIBE, b"a")
    time.sleep(0.2)
    client.setsockopt(zmq.UNSUBSCRIBE, b"a")
    time.sleep(0.1)
    server.send(b"topic news")
    server.send_multipart([b"a", b"dropped"])
    client.recv()


def req_rep(client, server):
    client.send(b"request")
    server.send(server.recv() + b" answered")
    client.recv()


def dealer_router(client, server):
    client.send_multipart([b"", b"to router"])
    routing_id, *_ = server.recv_multipart()
    server.send_multipart([routing_id, b"", b"to dealer"])
    client.recv_multipart()


def plain_client(password):
    def setup(s):
        s.plain_username = b"admin"
        s.plain_password = password
        s.routing_id = b"fuzz-dealer"
    return setup


def plain_server(s):
    s.plain_server = True


def curve_client(s):
    s.curve_serverkey = SERVER_PUBLIC
    s.curve_publickey = CLIENT_PUBLIC
    s.curve_secretkey = CLIENT_SECRET


def curve_server(s):
    s.curve_server = True
    s.curve_secretkey = SERVER_SECRET


def refused(client, server):
    time.sleep(0.3)


def main():
    scenario("push-pull", "NULL", zmq.PUSH, zmq.PULL, none, none, push_pull)
    scenario("sub-pub", "NULL", zmq.SUB, zmq.PUB, none, none, pub_sub)
    scenario("req-rep-heartbeat", "NULL", zmq.REQ, zmq.REP, heartbeats, heartbeats, req_rep)
    scenario("pair-heartbeat", "NULL", zmq.PAIR, zmq.PAIR, heartbeats, none, lambda c, s: None)
    scenario("dealer-router", "NULL", zmq.DEALER, zmq.ROUTER, lambda s: s.setsockopt(zmq.ROUTING_ID, b"fuzz"), none, dealer_router)

    auth_context = zmq.Context.instance()
    auth = zmq.auth.thread.ThreadAuthenticator(auth_context)
    auth.start()
    auth.configure_plain(domain="*", passwords={"admin": "secret"})
    auth.configure_curve(domain="*", location=zmq.auth.CURVE_ALLOW_ANY)
    try:
        # ZAP serves the context the authenticator runs in, so these scenarios use it.
        scenario("plain-dealer-router", "PLAIN", zmq.DEALER, zmq.ROUTER, plain_client(b"secret"), plain_server, dealer_router, auth_context)
        scenario("plain-refused", "PLAIN", zmq.DEALER, zmq.ROUTER, plain_client(b"wrong"), plain_server, refused, auth_context)
        scenario("curve-dealer-router", "CURVE", zmq.DEALER, zmq.ROUTER, curve_client, curve_server, dealer_router, auth_context)
        scenario("curve-push-pull", "CURVE", zmq.PUSH, zmq.PULL, curve_client, curve_server, push_pull, auth_context)
    finally:
        auth.stop()

    for n, text in enumerate(["tcp://127.0.0.1:5555", "tcp://*:*", "tcp://[::1]:0", "tcp://localhost:65535", "tcp://eth0:5555",
                              "tcp://192.168.1.1:5555;10.0.0.1:1", "tcp://[fe80::1%eth0]:5555", "ipc:///tmp/feeds/0", "ipc://feeds/0",
                              "ipc://@abstract", "ipc://*", "inproc://name", "inproc://zeromq.zap.01", "vsock://2:5555",
                              "vsock://*:*", "vsock://@:-1", "vsock://-1:1024?to-host", "vmci://1:5555", "vmci://@:*"]):
        write("endpoint", f"typed-{n}", text.encode())
    for n, text in enumerate([SERVER_PUBLIC, SERVER_SECRET, CLIENT_PUBLIC, b"HelloWorld", b"%%%%%", b"00000" * 8]):
        write("z85", f"typed-{n}", text)
    write("z85", "raw-key", bytes(range(32)))


if __name__ == "__main__":
    main()
