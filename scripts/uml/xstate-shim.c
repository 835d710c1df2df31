/*
 * Lets Debian's User-Mode Linux 6.1 run on hosts whose XSAVE area is larger than the one UML was built for
 * (AVX-512, AMX). UML saves and restores a guest thread's FPU state with PTRACE_GETREGSET/SETREGSET
 * (NT_X86_XSTATE) into a fixed 832-byte buffer; a host kernel accepts a SETREGSET only with its whole XSAVE
 * size, so on such hosts every switch to a guest process fails ("ptrace set fp regs failed, errno = 14") and
 * the guest's init dies at once.
 *
 * Preloaded into linux.uml, this keeps the whole host XSAVE image beside each of UML's buffers (keyed by the
 * buffer's address, which is per guest thread) and hands UML the prefix it knows: reads fill both, writes
 * overlay UML's prefix on the whole image. Nothing else is touched, so on a host whose XSAVE area fits, the
 * calls pass through unchanged.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <elf.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#ifndef NT_X86_XSTATE
#define NT_X86_XSTATE 0x202
#endif

#define MAX_XSTATE (64 * 1024)
#define SLOTS 4096

struct image {
    void *uml_buffer;
    unsigned char *whole;
};

static struct image images[SLOTS];
static size_t host_size;

static long raw_ptrace(long request, pid_t pid, void *addr, void *data)
{
    return syscall(SYS_ptrace, request, pid, addr, data);
}

/* The host's XSAVE size, as the kernel reports it for a full-size read of pid's state. */
static size_t probe_size(pid_t pid)
{
    if (host_size == 0) {
        static unsigned char probe[MAX_XSTATE];
        struct iovec iov = { probe, sizeof probe };
        if (raw_ptrace(PTRACE_GETREGSET, pid, (void *)NT_X86_XSTATE, &iov) == 0) {
            host_size = iov.iov_len;
        }
    }
    return host_size;
}

static unsigned char *image_of(void *uml_buffer, size_t size)
{
    size_t start = ((size_t)uml_buffer >> 4) % SLOTS;
    for (size_t i = 0; i < SLOTS; i++) {
        struct image *slot = &images[(start + i) % SLOTS];
        if (slot->uml_buffer == uml_buffer) {
            return slot->whole;
        }
        if (slot->uml_buffer == NULL) {
            slot->whole = calloc(1, size);
            if (slot->whole == NULL) {
                return NULL;
            }
            slot->uml_buffer = uml_buffer;
            return slot->whole;
        }
    }
    return NULL;
}

static long xstate(long request, pid_t pid, struct iovec *uml)
{
    size_t size = probe_size(pid);
    if (size == 0 || uml->iov_len >= size) {
        return raw_ptrace(request, pid, (void *)NT_X86_XSTATE, uml);
    }

    unsigned char *whole = image_of(uml->iov_base, size);
    if (whole == NULL) {
        errno = ENOMEM;
        return -1;
    }

    struct iovec full = { whole, size };
    if (request == PTRACE_GETREGSET) {
        long rc = raw_ptrace(PTRACE_GETREGSET, pid, (void *)NT_X86_XSTATE, &full);
        if (rc == 0) {
            memcpy(uml->iov_base, whole, uml->iov_len);
        }
        return rc;
    }

    /* A buffer UML never read into (a new guest thread) starts from the thread's current host state. */
    static unsigned char empty[16];
    if (memcmp(whole, empty, sizeof empty) == 0 && whole[512] == 0) {
        raw_ptrace(PTRACE_GETREGSET, pid, (void *)NT_X86_XSTATE, &full);
        full.iov_len = size;
    }
    memcpy(whole, uml->iov_base, uml->iov_len);
    return raw_ptrace(PTRACE_SETREGSET, pid, (void *)NT_X86_XSTATE, &full);
}

long ptrace(enum __ptrace_request request, ...)
{
    va_list args;
    va_start(args, request);
    pid_t pid = va_arg(args, pid_t);
    void *addr = va_arg(args, void *);
    void *data = va_arg(args, void *);
    va_end(args);

    if ((request == PTRACE_GETREGSET || request == PTRACE_SETREGSET) && (long)addr == NT_X86_XSTATE && data != NULL) {
        return xstate(request, pid, (struct iovec *)data);
    }

    static long (*real)(enum __ptrace_request, ...);
    if (real == NULL) {
        real = (long (*)(enum __ptrace_request, ...))dlsym(RTLD_NEXT, "ptrace");
    }
    return real(request, pid, addr, data);
}
