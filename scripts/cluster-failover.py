"""The external side of scripts/cluster-failover.sh: a libzmq subscriber of the ClusterFeed sample, and the reading of
what it logged. Run with /usr/bin/python3 (pyzmq).

  subscribe LOG ENDPOINT...   connects a SUB socket to every node's endpoint and appends one line per message to LOG:
                              ARRIVAL_MS PRODUCER SEQ PUBLISHER SENT_MS; runs until SIGTERM.
  producers LOG SINCE_MS      prints how many distinct producers LOG has heard from since SINCE_MS.
  report LOG EVENTS           prints the figures of the run as KEY=VALUE lines (graceful_ms, kill_ms, delivered,
                              gaps, duplicates, gaps_outside, ...); EVENTS has lines KIND MS OLD_NODE, KIND being
                              graceful or kill.
"""
import signal
import sys
import time

# A gap counts as inside a failover window when the message before it arrived no earlier than this before the event
# and the message after it no later than this after the new singleton's first message.
WINDOW_SLACK_MS = 1000


def subscribe(log_path, endpoints):
    import zmq

    ctx = zmq.Context()
    sub = ctx.socket(zmq.SUB)
    # Reconnect every 100 ms without backing off: a node's endpoint is refused while its node holds no singleton,
    # and the subscriber should be there as soon as a new singleton binds.
    sub.setsockopt(zmq.RECONNECT_IVL, 100)
    sub.setsockopt(zmq.RECONNECT_IVL_MAX, 0)
    sub.setsockopt(zmq.RCVHWM, 100000)
    sub.setsockopt(zmq.SUBSCRIBE, b"feed")
    for endpoint in endpoints:
        sub.connect(endpoint)
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    with open(log_path, "a", buffering=1) as log:
        while not stopping:
            if not sub.poll(200):
                continue
            while True:
                try:
                    frames = sub.recv_multipart(zmq.NOBLOCK)
                except zmq.Again:
                    break
                now = int(time.time() * 1000)
                if len(frames) != 2:
                    print(f"ignored a message of {len(frames)} frames", file=sys.stderr)
                    continue
                log.write(f"{now} {frames[1].decode()}\n")
    sub.close(0)
    ctx.term()


def read_log(log_path):
    rows = []
    with open(log_path) as log:
        for line in log:
            parts = line.split()
            if len(parts) == 5:
                arrival, producer, seq, publisher, sent = parts
                rows.append((int(arrival), producer, int(seq), publisher, int(sent)))
    return rows


def producers(log_path, since_ms):
    print(len({r[1] for r in read_log(log_path) if r[0] >= since_ms}))


def report(log_path, events_path):
    rows = read_log(log_path)
    events = []
    with open(events_path) as f:
        for line in f:
            kind, ms, old = line.split()
            events.append((kind, int(ms), old))

    figures = {"delivered": len(rows)}
    windows = []
    for kind, at, old in events:
        # The failover time: from the signal to the arrival of the first message a singleton on another node published.
        first = next((r for r in rows if r[0] >= at and r[3] != old), None)
        if first is None:
            figures[f"{kind}_ms"] = -1
            windows.append((at, None))
            continue
        figures[f"{kind}_ms"] = first[0] - at
        windows.append((at, first[0]))
        around = [r[0] for r in rows if at - WINDOW_SLACK_MS <= r[0] <= first[0] + WINDOW_SLACK_MS]
        figures[f"{kind}_silence_ms"] = max((b - a for a, b in zip(around, around[1:])), default=-1)
        figures[f"{kind}_new_node"] = first[3]
        # Messages sent after the signal and before the new singleton published anything: the proxies buffered them.
        figures[f"{kind}_buffered"] = sum(1 for r in rows if r[3] == first[3] and at <= r[4] < first[0])
        figures[f"{kind}_last_old_ms"] = max((r[0] - at for r in rows if r[3] == old and r[0] >= at), default=-1)

    by_producer = {}
    for arrival, producer, seq, _, _ in rows:
        by_producer.setdefault(producer, []).append((seq, arrival))
    gaps = duplicates = outside = 0
    for producer, seen in by_producer.items():
        seqs = sorted(seen)
        distinct = {s for s, _ in seqs}
        duplicates += len(seqs) - len(distinct)
        ordered = sorted(distinct)
        arrival = {}
        for s, a in seqs:
            arrival.setdefault(s, a)
        for before, after in zip(ordered, ordered[1:]):
            missing = after - before - 1
            if missing <= 0:
                continue
            gaps += missing
            inside = next((kind for (kind, at, _), (_, end) in zip(events, windows)
                           if end is not None and arrival[before] >= at - WINDOW_SLACK_MS
                           and arrival[after] <= end + WINDOW_SLACK_MS), None)
            print(f"gap {producer} {before + 1}..{after - 1} arrived around {arrival[before]}..{arrival[after]} "
                  f"({inside or 'outside the windows'})", file=sys.stderr)
            if inside is None:
                outside += missing
            else:
                figures[f"{inside}_gaps"] = figures.get(f"{inside}_gaps", 0) + missing
    figures.update(gaps=gaps, duplicates=duplicates, gaps_outside=outside, producers=len(by_producer))
    for key, value in figures.items():
        print(f"{key}={value}")


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "subscribe":
        subscribe(sys.argv[2], sys.argv[3:])
    elif mode == "producers":
        producers(sys.argv[2], int(sys.argv[3]))
    elif mode == "report":
        report(sys.argv[2], sys.argv[3])
    else:
        sys.exit(f"unknown mode {mode}")
