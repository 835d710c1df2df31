/*
 * What bench/libzmq's programs share: failing with libzmq's error, a monotonic clock, and the ready file
 * through which a binding side tells bench/run.sh its real endpoint. Define PROGRAM (the name errors start
 * with) before including it.
 */
#ifndef ZCOMMON_H
#define ZCOMMON_H

#ifndef PROGRAM
#error "define PROGRAM before including zcommon.h"
#endif

#include <zmq.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <sys/resource.h>

static void die(const char *what)
{
    fprintf(stderr, PROGRAM ": %s: %s\n", what, zmq_strerror(zmq_errno()));
    exit(1);
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* User plus system CPU time of the whole process (every thread, libzmq's I/O thread included), in seconds. */
static inline double cpu_seconds(void)
{
    struct rusage usage;
    if (getrusage(RUSAGE_SELF, &usage) != 0) {
        perror(PROGRAM ": getrusage");
        exit(1);
    }
    return (double)usage.ru_utime.tv_sec + (double)usage.ru_utime.tv_usec / 1e6
         + (double)usage.ru_stime.tv_sec + (double)usage.ru_stime.tv_usec / 1e6;
}

static void write_ready(void *socket, const char *path)
{
    char endpoint[512];
    size_t length = sizeof endpoint;
    if (zmq_getsockopt(socket, ZMQ_LAST_ENDPOINT, endpoint, &length) != 0)
        die("getsockopt ZMQ_LAST_ENDPOINT");
    char temporary[1024];
    snprintf(temporary, sizeof temporary, "%s.tmp", path);
    FILE *file = fopen(temporary, "w");
    if (file == NULL || fprintf(file, "%s\n", endpoint) < 0 || fclose(file) != 0 || rename(temporary, path) != 0) {
        perror(PROGRAM ": ready file");
        exit(1);
    }
}

#endif
