# A libzmq PUB on an epgm endpoint (argv: endpoint, optional ZMQ_RATE in kbit/s): prints READY, then on each stdin
# line "send N [SIZE]" sends messages m0..m{N-1} as [b"m<i>", SIZE bytes of "x" (default 1)], and prints SENT.
import sys, zmq
endpoint = sys.argv[1]
ctx = zmq.Context()
p = ctx.socket(zmq.PUB)
if len(sys.argv) > 2:
    p.setsockopt(zmq.RATE, int(sys.argv[2]))
p.setsockopt(zmq.SNDHWM, 0)
p.connect(endpoint)
print("READY", flush=True)
for line in sys.stdin:
    parts = line.split()
    if parts and parts[0] == "send":
        padding = b"x" * (int(parts[2]) if len(parts) > 2 else 1)
        for i in range(int(parts[1])):
            p.send_multipart([("m%d" % i).encode(), padding])
        print("SENT", flush=True)
    elif parts and parts[0] == "quit":
        break
p.close(linger=2000)
ctx.term()
