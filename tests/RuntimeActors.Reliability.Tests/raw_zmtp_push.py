"""A ZMTP 3.1 PUSH peer in raw bytes, in a process of its own so that a test can SIGKILL it mid-message.

Usage: raw_zmtp_push.py PORT PREFIX COUNT
Listens on 127.0.0.1:PORT (0: any; SO_REUSEADDR, so that a restarted peer takes the port of a killed one), prints
{"port": N}, accepts one connection, does the NULL handshake as PUSH, sends COUNT messages [PREFIX, i] and then the
first frame of a two-frame message (MORE set) and prints {"partial": true}. Then it waits on its standard input until
it is killed: the second frame never comes.
"""
import json
import socket
import struct
import sys


def frame(body, more=False, command=False):
    flags = (0x01 if more else 0) | (0x04 if command else 0)
    if len(body) > 255:
        return bytes([flags | 0x02]) + struct.pack(">Q", len(body)) + body
    return bytes([flags, len(body)]) + body


def read_exactly(conn, count):
    data = b""
    while len(data) < count:
        chunk = conn.recv(count - len(data))
        if not chunk:
            raise EOFError("the peer closed during the handshake")
        data += chunk
    return data


def read_frame(conn):
    flags = read_exactly(conn, 1)[0]
    size = struct.unpack(">Q", read_exactly(conn, 8))[0] if flags & 0x02 else read_exactly(conn, 1)[0]
    return flags, read_exactly(conn, size)


def main():
    port, prefix, count = int(sys.argv[1]), sys.argv[2].encode(), int(sys.argv[3])
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", port))
    listener.listen(1)
    print(json.dumps({"port": listener.getsockname()[1]}), flush=True)
    conn, _ = listener.accept()
    conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    greeting = b"\xff" + b"\x00" * 8 + b"\x7f" + bytes([3, 1]) + b"NULL".ljust(20, b"\x00") + b"\x00" + b"\x00" * 31
    conn.sendall(greeting)
    read_exactly(conn, 64)
    ready = b"\x05READY" + b"\x0bSocket-Type" + struct.pack(">I", 4) + b"PUSH"
    conn.sendall(frame(ready, command=True))
    while True:
        flags, body = read_frame(conn)
        if flags & 0x04 and body[1:6] == b"READY":
            break

    out = b"".join(frame(prefix, more=True) + frame(str(i).encode()) for i in range(count))
    conn.sendall(out)
    conn.sendall(frame(b"partial", more=True))
    print(json.dumps({"partial": True}), flush=True)
    sys.stdin.read()


if __name__ == "__main__":
    main()
