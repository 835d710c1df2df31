# A libzmq PUB that floods: argv endpoint, ZMQ_RATE (kbit/s), count, size. Prints READY; on a stdin line "warm"
# sends [b"warm-up"]; on "go" sends [b"<i>", size bytes of "x"] for i in 0..count-1 as fast as the rate lets it and
# prints SENT; on "quit" closes, lingering until everything is out.
import sys, zmq
endpoint, rate, count, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
ctx = zmq.Context()
p = ctx.socket(zmq.PUB)
p.setsockopt(zmq.RATE, rate)
# A PUB drops what passes its high-water mark while the rate-limited sender drains the pipe: a flood queues it all.
p.setsockopt(zmq.SNDHWM, 0)
p.connect(endpoint)
print("READY", flush=True)
padding = b"x" * size
for line in sys.stdin:
    command = line.strip()
    if command == "warm":
        p.send(b"warm-up")
    elif command == "go":
        for i in range(count):
            p.send_multipart([str(i).encode(), padding])
        print("SENT", flush=True)
    elif command == "quit":
        break
p.close(linger=-1)
ctx.term()
