/*
 * The libzmq side of bench/run.sh: the same workloads, command line and output lines as
 * bench/RuntimeActors.Wire.Benchmarks, so that run.sh can pair either side with either.
 *
 *   zbench pull  ENDPOINT N SIZE WARM READYFILE   bind, receive WARM+N, time the last N
 *   zbench push  ENDPOINT N SIZE WARM             connect, send WARM+N
 *   zbench rep   ENDPOINT N SIZE WARM READYFILE   bind, echo WARM+N requests
 *   zbench req   ENDPOINT N SIZE WARM             connect, WARM+N round trips, time the last N
 *   zbench sub   ENDPOINT N SIZE WARM READYFILE   as pull, with a SUB subscribed to everything (epgm, pgm)
 *   zbench pub   ENDPOINT N SIZE WARM             as push, with a PUB
 *   zbench inproc-thr N SIZE WARM                 push and pull on two threads of this process
 *   zbench inproc-lat N SIZE WARM                 req and rep on two threads of this process
 *
 * The binding side writes the real endpoint to READYFILE (written then renamed, so that a reader never
 * sees half of it). The receiver's thr line ends with first_at=, the wall-clock time (CLOCK_REALTIME, Unix
 * seconds with nanoseconds) at which its first message arrived, warm-up or not. Heap allocation is a .NET figure: this side prints alloc=0, since malloc is not a
 * garbage-collected heap.
 *
 * BENCH_RATE (kbit/s), when set, is ZMQ_RATE on either side (a PGM sender's rate limit; a receiver sizes its window by
 * it). pub and sub get no high-water mark: a PUB drops what its high-water mark does not take, and PGM has no flow
 * control to slow the sender, so a bounded PUB would lose messages the SUB then waits for for ever; an unbounded SUB
 * keeps reading the network while the program falls behind, rather than leaving packets to the kernel's buffer to drop.
 * BENCH_UNTIL names a file: pub keeps its socket open until it exists (see serve_repairs).
 */
#define PROGRAM "zbench"
#include "zcommon.h"
#include <zmq.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <errno.h>
#include <unistd.h>

static void receive_one(void *socket, zmq_msg_t *message, size_t size)
{
    if (zmq_msg_recv(message, socket, 0) < 0)
        die("recv");
    if (zmq_msg_size(message) != size) {
        fprintf(stderr, "zbench: got %zu bytes, expected %zu\n", zmq_msg_size(message), size);
        exit(1);
    }
}

static void run_pull(void *socket, long count, size_t size, long warm)
{
    zmq_msg_t message;
    zmq_msg_init(&message);
    /* The wall-clock time of the very first message (warm-up or measured): run.sh subtracts the time it launched the
     * sender for the cold rows' start-to-first figure. */
    receive_one(socket, &message, size);
    struct timespec first_at;
    clock_gettime(CLOCK_REALTIME, &first_at);
    for (long i = 1; i < warm; i++)
        receive_one(socket, &message, size);
    /* First to last message of the measured part, as the issue defines it (with no warm-up, the message above). */
    if (warm > 0)
        receive_one(socket, &message, size);
    double start = now_seconds(), cpu_start = cpu_seconds();
    for (long i = 1; i < count; i++)
        receive_one(socket, &message, size);
    double end = now_seconds(), cpu = cpu_seconds() - cpu_start;
    zmq_msg_close(&message);
    /* N messages span N-1 intervals from first to last; cpu is the process's µs per message over them. */
    printf("thr msgs=%ld size=%zu seconds=%.9f alloc=0 cpu=%.4f first_at=%lld.%09ld\n", count - 1, size, end - start,
           cpu * 1e6 / (double)(count - 1), (long long)first_at.tv_sec, first_at.tv_nsec);
}

/* The bytes every message carries. The .NET side sends one payload again and again without copying it, so
 * this side does the same: each message refers to these bytes (zmq_msg_init_data, no free function). */
static char *payload_of(size_t size)
{
    static char *payload;
    if (payload == NULL) {
        payload = malloc(size > 0 ? size : 1);
        if (payload == NULL)
            die("malloc");
        memset(payload, 'x', size);
    }
    return payload;
}

/* The sender's CPU from its first measured message until its socket and context closed (every message on the wire). */
static double push_cpu_start;

static void run_push(void *socket, long count, size_t size, long warm)
{
    char *payload = payload_of(size);
    for (long i = 0; i < warm + count; i++) {
        if (i == warm)
            push_cpu_start = cpu_seconds();
        zmq_msg_t message;
        if (zmq_msg_init_data(&message, payload, size, NULL, NULL) != 0)
            die("msg_init_data");
        if (zmq_msg_send(&message, socket, 0) < 0)
            die("send");
    }
}

static void run_rep(void *socket, long count, size_t size, long warm)
{
    zmq_msg_t message;
    zmq_msg_init(&message);
    for (long i = 0; i < warm + count; i++) {
        receive_one(socket, &message, size);
        if (zmq_msg_send(&message, socket, 0) < 0)
            die("send");
    }
    zmq_msg_close(&message);
    printf("rep msgs=%ld alloc=0\n", count);
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void run_req(void *socket, long count, size_t size, long warm)
{
    double *trips = malloc(sizeof(double) * (size_t)count);
    char *payload = payload_of(size);
    if (trips == NULL)
        die("malloc");
    zmq_msg_t reply;
    zmq_msg_init(&reply);
    double total = 0;
    for (long i = 0; i < warm + count; i++) {
        zmq_msg_t request;
        if (zmq_msg_init_data(&request, payload, size, NULL, NULL) != 0)
            die("msg_init_data");
        double start = now_seconds();
        if (zmq_msg_send(&request, socket, 0) < 0)
            die("send");
        receive_one(socket, &reply, size);
        double trip = (now_seconds() - start) * 1e6;
        if (i >= warm) {
            trips[i - warm] = trip;
            total += trip;
        }
    }
    zmq_msg_close(&reply);
    qsort(trips, (size_t)count, sizeof(double), compare_doubles);
    /* Nearest rank, as the .NET side computes it. */
    long p50 = (count * 50 + 99) / 100 - 1, p99 = (count * 99 + 99) / 100 - 1;
    printf("lat n=%ld mean=%.3f p50=%.3f p99=%.3f alloc=0\n", count, total / (double)count, trips[p50], trips[p99]);
    free(trips);
}

struct peer {
    void *context;
    int type;
    long count;
    size_t size;
    long warm;
};

static void *run_connected_peer(void *argument)
{
    struct peer *peer = argument;
    void *socket = zmq_socket(peer->context, peer->type);
    if (socket == NULL || zmq_connect(socket, "inproc://zbench") != 0)
        die("inproc connect");
    if (peer->type == ZMQ_PUSH) {
        run_push(socket, peer->count, peer->size, peer->warm);
        /* One process: the receiver's line counts the CPU of both threads. */
        printf("send msgs=%ld alloc=0\n", peer->count);
    }
    else
        run_req(socket, peer->count, peer->size, peer->warm);
    zmq_close(socket);
    return NULL;
}

static void run_inproc(int bound_type, int connected_type, long count, size_t size, long warm)
{
    void *context = zmq_ctx_new();
    void *socket = zmq_socket(context, bound_type);
    if (socket == NULL || zmq_bind(socket, "inproc://zbench") != 0)
        die("inproc bind");
    struct peer peer = { context, connected_type, count, size, warm };
    pthread_t thread;
    if (pthread_create(&thread, NULL, run_connected_peer, &peer) != 0)
        die("pthread_create");
    if (bound_type == ZMQ_PULL)
        run_pull(socket, count, size, warm);
    else
        run_rep(socket, count, size, warm);
    pthread_join(thread, NULL);
    zmq_close(socket);
    zmq_ctx_term(context);
}

/* Keeps the PUB, and with it its transmit window, up until the file UNTIL exists (run.sh creates it once the receiver
 * exited). Closing with linger only waits until the messages left the socket: a PGM receiver that lost the last packets
 * learns of them from the heartbeat SPMs after the data and asks for a repair, which a PUB already gone could not send. */
static void serve_repairs(const char *until)
{
    const struct timespec pause = { 0, 10 * 1000000 };
    while (access(until, F_OK) != 0)
        nanosleep(&pause, NULL);
}

static long number(const char *text)
{
    char *end;
    long value = strtol(text, &end, 10);
    if (*end != '\0' || value < 0) {
        fprintf(stderr, "zbench: not a count: %s\n", text);
        exit(2);
    }
    return value;
}

/* A pgm/epgm bind joins the group in libzmq's I/O thread after zmq_bind returns, and a PGM receiver starts at the
   first packet it sees: the ready file waits until the kernel lists the membership (/proc/self/net/igmp prints each
   group as 8 hex digits of the address in host order), so that the sender starts only once it is heard. */
static void wait_for_join(const char *endpoint)
{
    const char *semicolon = strchr(endpoint, ';');
    const char *colon = semicolon != NULL ? strrchr(semicolon, ':') : NULL;
    char group[64];
    unsigned a, b, c, d;
    if (colon == NULL || (size_t)(colon - semicolon - 1) >= sizeof group)
        return;
    memcpy(group, semicolon + 1, (size_t)(colon - semicolon - 1));
    group[colon - semicolon - 1] = '\0';
    if (sscanf(group, "%u.%u.%u.%u", &a, &b, &c, &d) != 4)
        return;
    char listed[16];
    snprintf(listed, sizeof listed, "%02X%02X%02X%02X", d & 0xff, c & 0xff, b & 0xff, a & 0xff);
    for (int attempt = 0; attempt < 10000; attempt++) {
        FILE *igmp = fopen("/proc/self/net/igmp", "r");
        char line[256];
        int found = 0;
        while (igmp != NULL && fgets(line, sizeof line, igmp) != NULL)
            found |= strstr(line, listed) != NULL;
        if (igmp != NULL)
            fclose(igmp);
        if (found)
            return;
        struct timespec pause = {0, 1000000};
        nanosleep(&pause, NULL);
    }
    fprintf(stderr, "zbench: the group of %s was not joined within 10 s\n", endpoint);
    exit(1);
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc == 5 && strcmp(argv[1], "inproc-thr") == 0) {
        run_inproc(ZMQ_PULL, ZMQ_PUSH, number(argv[2]), (size_t)number(argv[3]), number(argv[4]));
        return 0;
    }
    if (argc == 5 && strcmp(argv[1], "inproc-lat") == 0) {
        run_inproc(ZMQ_REP, ZMQ_REQ, number(argv[2]), (size_t)number(argv[3]), number(argv[4]));
        return 0;
    }
    int binds = argc == 7 && (strcmp(argv[1], "pull") == 0 || strcmp(argv[1], "rep") == 0 || strcmp(argv[1], "sub") == 0);
    int connects = argc == 6 && (strcmp(argv[1], "push") == 0 || strcmp(argv[1], "req") == 0 || strcmp(argv[1], "pub") == 0);
    if (!binds && !connects) {
        fprintf(stderr, "usage: zbench pull|rep|sub ENDPOINT N SIZE WARM READYFILE | push|req|pub ENDPOINT N SIZE WARM | inproc-thr|inproc-lat N SIZE WARM\n");
        return 2;
    }
    long count = number(argv[3]), warm = number(argv[5]);
    size_t size = (size_t)number(argv[4]);
    if (count < 2) {
        fprintf(stderr, "zbench: N must be at least 2\n");
        return 2;
    }
    void *context = zmq_ctx_new();
    int type = strcmp(argv[1], "pull") == 0 ? ZMQ_PULL : strcmp(argv[1], "push") == 0 ? ZMQ_PUSH
             : strcmp(argv[1], "rep") == 0 ? ZMQ_REP : strcmp(argv[1], "sub") == 0 ? ZMQ_SUB
             : strcmp(argv[1], "pub") == 0 ? ZMQ_PUB : ZMQ_REQ;
    void *socket = zmq_socket(context, type);
    if (socket == NULL)
        die("socket");
    if (type == ZMQ_SUB || type == ZMQ_PUB) {
        int unlimited = 0;
        if (zmq_setsockopt(socket, type == ZMQ_SUB ? ZMQ_RCVHWM : ZMQ_SNDHWM, &unlimited, sizeof unlimited) != 0
            || (type == ZMQ_SUB && zmq_setsockopt(socket, ZMQ_SUBSCRIBE, "", 0) != 0))
            die("pub/sub options");
    }
    const char *rate = getenv("BENCH_RATE");
    if (rate != NULL && *rate != '\0') {
        int kbits = (int)number(rate);
        if (zmq_setsockopt(socket, ZMQ_RATE, &kbits, sizeof kbits) != 0)
            die("ZMQ_RATE");
    }
    /* BENCH_CURVE=1: CURVE with zmq_curve(7)'s key pairs, the bound side as the server (as the .NET side does). */
    const char *curve = getenv("BENCH_CURVE");
    if (curve != NULL && strcmp(curve, "1") == 0) {
        int server = binds;
        if (server) {
            if (zmq_setsockopt(socket, ZMQ_CURVE_SERVER, &server, sizeof server) != 0
                || zmq_setsockopt(socket, ZMQ_CURVE_SECRETKEY, "JTKVSB%%)wK0E.X)V>+}o?pNmC{O&4W4b!Ni{Lh6", 40) != 0)
                die("curve server");
        } else if (zmq_setsockopt(socket, ZMQ_CURVE_SERVERKEY, "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7", 40) != 0
                   || zmq_setsockopt(socket, ZMQ_CURVE_PUBLICKEY, "Yne@$w-vo<fVvi]a<NY6T1ed:M$fCG*[IaLV{hID", 40) != 0
                   || zmq_setsockopt(socket, ZMQ_CURVE_SECRETKEY, "D:)Q[IlAW!ahhC2ac:9*A}h:p?([4%wOTJ%JR%cs", 40) != 0) {
            die("curve client");
        }
    }
    if (binds) {
        if (zmq_bind(socket, argv[2]) != 0)
            die("bind");
        if (type == ZMQ_SUB)
            wait_for_join(argv[2]);
        write_ready(socket, argv[6]);
    } else if (zmq_connect(socket, argv[2]) != 0) {
        die("connect");
    }
    switch (type) {
    case ZMQ_PULL: case ZMQ_SUB: run_pull(socket, count, size, warm); break;
    case ZMQ_PUSH: case ZMQ_PUB: run_push(socket, count, size, warm); break;
    case ZMQ_REP: run_rep(socket, count, size, warm); break;
    default: run_req(socket, count, size, warm); break;
    }
    const char *until = getenv("BENCH_UNTIL");
    if (type == ZMQ_PUB && until != NULL && *until != '\0')
        serve_repairs(until);
    /* Default linger: closing waits until every sent message is on the wire. */
    zmq_close(socket);
    zmq_ctx_term(context);
    if (type == ZMQ_PUSH || type == ZMQ_PUB)
        printf("send msgs=%ld alloc=0 cpu=%.4f\n", count, (cpu_seconds() - push_cpu_start) * 1e6 / (double)count);
    return 0;
}
