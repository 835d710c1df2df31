# A libzmq SUB on an epgm endpoint: prints READY, then each received message's frames joined by '|', one per line,
# until nothing comes for 20 s. argv: endpoint, ZMQ_RATE (libzmq sizes the receive window from it: at the default
# 100 kbit/s it holds 83 packets, and a faster burst with gaps overruns it).
import sys, zmq
endpoint, rate = sys.argv[1], int(sys.argv[2])
ctx = zmq.Context()
s = ctx.socket(zmq.SUB)
s.setsockopt(zmq.SUBSCRIBE, b"")
s.setsockopt(zmq.RCVTIMEO, 20000)
s.setsockopt(zmq.RATE, rate)
# libzmq 4.3.4's pgm_receiver aborts (pgm_receiver.cpp:131) when it resumes into a SUB still at its high-water mark.
s.setsockopt(zmq.RCVHWM, 0)
s.connect(endpoint)
print("READY", flush=True)
while True:
    print("|".join(f.decode() for f in s.recv_multipart()), flush=True)
s.close(linger=0)
ctx.term()
