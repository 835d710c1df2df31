# A libzmq PUB on an epgm endpoint: prints READY, then on each stdin line "send N" sends messages m0..m{N-1} as
# [b"m<i>", b"x"], and prints SENT.
import sys, zmq
endpoint = sys.argv[1]
ctx = zmq.Context()
p = ctx.socket(zmq.PUB)
p.connect(endpoint)
print("READY", flush=True)
for line in sys.stdin:
    parts = line.split()
    if parts and parts[0] == "send":
        for i in range(int(parts[1])):
            p.send_multipart([("m%d" % i).encode(), b"x"])
        print("SENT", flush=True)
    elif parts and parts[0] == "quit":
        break
p.close(linger=2000)
ctx.term()
