/*
 * The scale rows of bench/run.sh: many connections to one socket. The bound side is libzmq here and
 * RuntimeActors in bench/RuntimeActors.Wire.Benchmarks (same command line, same output line); the
 * connecting side is always this program, so that the two bound sides face the same peers.
 *
 *   zscale router  ENDPOINT N READYFILE               bind ROUTER, take one request from each of N peers,
 *                                                     report memory, reply to each
 *   zscale pub     ENDPOINT N MSGS TOPICS READYFILE   bind XPUB (verbose), wait for N subscriptions, report
 *                                                     memory, publish MSGS messages over TOPICS topics
 *   zscale dealers ENDPOINT N                         N DEALER sockets, each connected once, one request
 *                                                     each, every reply received
 *   zscale subs    ENDPOINT N MSGS TOPICS             N SUB sockets, subscriber i on topic i % TOPICS; each
 *                                                     must receive every message of its topic, in order
 *
 * The bound side prints "scale peers=N rss_per_conn=B heap_per_conn=B seconds=S": resident memory grown
 * from before the bind to when all N peers are in, per peer (heap_per_conn is the .NET side's managed
 * heap; 0 here), and the time from the bind until then. A connecting side exits with status 1 when a
 * reply or a message is missing, which fails the row.
 */
#define PROGRAM "zscale"
#include "zcommon.h"
#include <zmq.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>

static long resident_bytes(void)
{
    long pages = 0, resident = 0;
    FILE *file = fopen("/proc/self/statm", "r");
    if (file == NULL || fscanf(file, "%ld %ld", &pages, &resident) != 2) {
        perror("zscale: /proc/self/statm");
        exit(1);
    }
    fclose(file);
    return resident * sysconf(_SC_PAGESIZE);
}

static long number(const char *text)
{
    char *end;
    long value = strtol(text, &end, 10);
    if (*end != '\0' || value <= 0 || value > 100000000) {
        fprintf(stderr, "zscale: not a count from 1 to 10^8: %s\n", text);
        exit(2);
    }
    return value;
}

static void report(long peers, long before, double started)
{
    printf("scale peers=%ld rss_per_conn=%.0f heap_per_conn=0 seconds=%.6f\n",
           peers, (double)(resident_bytes() - before) / peers, now_seconds() - started);
}

static void set_int(void *socket, int option, int value, const char *what)
{
    if (zmq_setsockopt(socket, option, &value, sizeof value) != 0)
        die(what);
}

/* The bound side's start: memory before anything, the socket with one option set, bound, the ready file written. */
static void *bind_measured(void *context, int type, int option, const char *endpoint, const char *ready,
                           long *before, double *started)
{
    *before = resident_bytes();
    void *socket = zmq_socket(context, type);
    if (socket == NULL)
        die("socket");
    set_int(socket, option, 1, "setsockopt");
    *started = now_seconds();
    if (zmq_bind(socket, endpoint) != 0)
        die("bind");
    write_ready(socket, ready);
    return socket;
}

static void run_router(void *context, const char *endpoint, long peers, const char *ready)
{
    long before;
    double started;
    void *router = bind_measured(context, ZMQ_ROUTER, ZMQ_ROUTER_MANDATORY, endpoint, ready, &before, &started);
    zmq_msg_t *ids = calloc((size_t)peers, sizeof *ids);
    zmq_msg_t *requests = calloc((size_t)peers, sizeof *requests);
    for (long i = 0; i < peers; i++) {
        zmq_msg_init(&ids[i]);
        zmq_msg_init(&requests[i]);
        if (zmq_msg_recv(&ids[i], router, 0) < 0 || zmq_msg_recv(&requests[i], router, 0) < 0)
            die("recv");
    }
    report(peers, before, started);
    for (long i = 0; i < peers; i++) {
        if (zmq_msg_send(&ids[i], router, ZMQ_SNDMORE) < 0 || zmq_msg_send(&requests[i], router, 0) < 0)
            die("send");
    }
    free(ids);
    free(requests);
    zmq_close(router);
}

/* One process's share of the dealers: sockets first .. first + count - 1, each with its own connection. */
static int run_dealer_slice(const char *endpoint, long first, long count)
{
    void *context = zmq_ctx_new();
    if (zmq_ctx_set(context, ZMQ_MAX_SOCKETS, 65536) != 0)
        die("zmq_ctx_set ZMQ_MAX_SOCKETS");
    void **dealers = calloc(count > 0 ? (size_t)count : 1u, sizeof *dealers);
    zmq_pollitem_t *items = calloc(count > 0 ? (size_t)count : 1u, sizeof *items);
    char text[32];
    for (long i = 0; i < count; i++) {
        dealers[i] = zmq_socket(context, ZMQ_DEALER);
        if (dealers[i] == NULL || zmq_connect(dealers[i], endpoint) != 0)
            die("dealer");
        int length = snprintf(text, sizeof text, "%ld", first + i);
        if (zmq_send(dealers[i], text, (size_t)length, 0) != length)
            die("send");
        items[i].socket = dealers[i];
        items[i].events = ZMQ_POLLIN;
    }
    for (long replies = 0; replies < count;) {
        int ready = zmq_poll(items, (int)count, 120000);
        if (ready <= 0) {
            fprintf(stderr, "zscale: %ld of %ld replies received\n", replies, count);
            return 1;
        }
        for (long i = 0; i < count; i++) {
            if (!(items[i].revents & ZMQ_POLLIN))
                continue;
            int length = zmq_recv(dealers[i], text, sizeof text - 1, 0);
            if (length < 0)
                die("recv");
            text[length] = '\0';
            if (strtol(text, NULL, 10) != first + i) {
                fprintf(stderr, "zscale: dealer %ld got the reply %s\n", first + i, text);
                return 1;
            }
            items[i].events = 0;
            replies++;
        }
    }
    for (long i = 0; i < count; i++)
        zmq_close(dealers[i]);
    zmq_ctx_term(context);
    return 0;
}

/* A DEALER socket costs libzmq two descriptors (its mailbox and its connection): the dealers are spread
   over processes of at most 4000 sockets each, to stay under the descriptor limit. */
static void run_dealers(const char *endpoint, long peers)
{
    const long slice = 4000;
    long processes = (peers + slice - 1) / slice;
    for (long p = 0; p < processes; p++) {
        long first = p * slice, count = peers - first < slice ? peers - first : slice;
        pid_t child = fork();
        if (child < 0) {
            perror("zscale: fork");
            exit(1);
        }
        if (child == 0)
            _exit(run_dealer_slice(endpoint, first, count));
    }
    int failed = 0, status;
    while (wait(&status) > 0)
        failed |= !WIFEXITED(status) || WEXITSTATUS(status) != 0;
    if (failed)
        exit(1);
    printf("dealers conns=%ld replies=%ld processes=%ld\n", peers, peers, processes);
}

static void run_pub(void *context, const char *endpoint, long peers, long messages, long topics, const char *ready)
{
    long before;
    double started;
    void *pub = bind_measured(context, ZMQ_XPUB, ZMQ_XPUB_VERBOSE, endpoint, ready, &before, &started);
    char buffer[256];
    for (long subscriptions = 0; subscriptions < peers;) {
        int length = zmq_recv(pub, buffer, sizeof buffer, 0);
        if (length < 0)
            die("recv subscription");
        if (length > 0 && buffer[0] == 1)
            subscriptions++;
    }
    report(peers, before, started);
    for (long i = 0; i < messages; i++) {
        int length = snprintf(buffer, sizeof buffer, "topic-%ld:%ld", i % topics, i / topics);
        if (zmq_send(pub, buffer, (size_t)length, 0) != length)
            die("publish");
    }
    zmq_close(pub);
}

static void run_subs(void *context, const char *endpoint, long peers, long messages, long topics)
{
    if (messages % topics != 0) {
        fprintf(stderr, "zscale: MSGS must be a multiple of TOPICS\n");
        exit(2);
    }
    long per_topic = messages / topics;
    void **subs = calloc((size_t)peers, sizeof *subs);
    long *next = calloc((size_t)peers, sizeof *next);
    zmq_pollitem_t *items = calloc((size_t)peers, sizeof *items);
    char topic[64];
    for (long i = 0; i < peers; i++) {
        subs[i] = zmq_socket(context, ZMQ_SUB);
        if (subs[i] == NULL)
            die("socket");
        int length = snprintf(topic, sizeof topic, "topic-%ld:", i % topics);
        if (zmq_setsockopt(subs[i], ZMQ_SUBSCRIBE, topic, (size_t)length) != 0 || zmq_connect(subs[i], endpoint) != 0)
            die("subscribe");
        items[i].socket = subs[i];
        items[i].events = ZMQ_POLLIN;
    }
    long done = 0, received = 0;
    char buffer[256];
    while (done < peers) {
        int ready = zmq_poll(items, (int)peers, 120000);
        if (ready < 0)
            die("poll");
        if (ready == 0) {
            fprintf(stderr, "zscale: %ld of %ld messages received, %ld of %ld subscribers complete\n",
                    received, per_topic * peers, done, peers);
            exit(1);
        }
        for (long i = 0; i < peers; i++) {
            if (!(items[i].revents & ZMQ_POLLIN))
                continue;
            int length;
            while ((length = zmq_recv(subs[i], buffer, sizeof buffer - 1, ZMQ_DONTWAIT)) >= 0) {
                buffer[length] = '\0';
                char expected[64];
                snprintf(expected, sizeof expected, "topic-%ld:%ld", i % topics, next[i]);
                if (strcmp(buffer, expected) != 0) {
                    fprintf(stderr, "zscale: subscriber %ld got %s, expected %s\n", i, buffer, expected);
                    exit(1);
                }
                received++;
                if (++next[i] == per_topic) {
                    done++;
                    items[i].events = 0;
                    break;
                }
            }
        }
    }
    printf("subs subs=%ld received=%ld expected=%ld\n", peers, received, per_topic * peers);
    for (long i = 0; i < peers; i++)
        zmq_close(subs[i]);
    free(subs);
    free(next);
    free(items);
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc == 4 && strcmp(argv[1], "dealers") == 0) {
        /* Before any context: the dealer processes fork, and each makes its own. */
        run_dealers(argv[2], number(argv[3]));
        return 0;
    }
    void *context = zmq_ctx_new();
    /* One socket per subscriber needs more than the default 1023. */
    if (zmq_ctx_set(context, ZMQ_MAX_SOCKETS, 65536) != 0)
        die("zmq_ctx_set ZMQ_MAX_SOCKETS");
    if (argc == 5 && strcmp(argv[1], "router") == 0)
        run_router(context, argv[2], number(argv[3]), argv[4]);
    else if (argc == 7 && strcmp(argv[1], "pub") == 0)
        run_pub(context, argv[2], number(argv[3]), number(argv[4]), number(argv[5]), argv[6]);
    else if (argc == 6 && strcmp(argv[1], "subs") == 0)
        run_subs(context, argv[2], number(argv[3]), number(argv[4]), number(argv[5]));
    else {
        fprintf(stderr, "usage: zscale router ENDPOINT N READYFILE | pub ENDPOINT N MSGS TOPICS READYFILE"
                        " | dealers ENDPOINT N | subs ENDPOINT N MSGS TOPICS\n");
        return 2;
    }
    zmq_ctx_term(context);
    return 0;
}
