using System.ComponentModel;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace RuntimeActors.Transports.Vsock.Native;

/// <summary>
/// One thread that waits in epoll_wait for the descriptors the vsock transports cannot hand to .NET's own socket
/// engine: listeners waiting for a connection and sockets whose connect is in progress. A wait completes a task
/// on the thread pool; no thread-pool thread ever blocks. Each wait is a one-shot registration that is removed
/// when it fires or is cancelled, and holds a reference on its descriptor so the descriptor cannot be closed and
/// its number reused while epoll watches it. Established connections do not come here: their bytes move through
/// <see cref="System.Net.Sockets.Socket"/>, which polls them with the runtime's engine.
/// </summary>
internal sealed class EpollPoller
{
    private const int EpollCloExec = 0x80000;
    private const int EpollCtlAdd = 1;
    private const int EpollCtlDel = 2;
    private const int MaxEvents = 64;

    private static readonly Lock SharedGate = new();
    private static EpollPoller? s_shared;

    private readonly SafeFileHandle _epoll;
    private readonly Lock _gate = new();
    private readonly Dictionary<ulong, Registration> _waits = [];
    private ulong _nextId;
    private Exception? _broken;

    private EpollPoller(SafeFileHandle epoll)
    {
        _epoll = epoll;
        var thread = new Thread(Run)
        {
            IsBackground = true,
            Name = "vsock poller",
        };
        thread.Start();
    }

    /// <summary>
    /// The poller of the process, started on first use. It lives as long as the process: transports have no end
    /// of life in the runtime, and an idle poller is one thread asleep in epoll_wait.
    /// </summary>
    /// <exception cref="Win32Exception">epoll is not available.</exception>
    public static EpollPoller Shared
    {
        get
        {
            lock (SharedGate)
            {
                if (s_shared is null)
                {
                    var descriptor = LibC.EpollCreate1(EpollCloExec);
                    if (descriptor < 0)
                    {
                        throw new Win32Exception(Marshal.GetLastPInvokeError());
                    }

                    s_shared = new EpollPoller(new SafeFileHandle(descriptor, ownsHandle: true));
                }

                return s_shared;
            }
        }
    }

    /// <summary>Waits until <paramref name="descriptor"/> reports one of <paramref name="events"/> (or an error or hang-up).</summary>
    /// <returns>The events the kernel reported.</returns>
    /// <exception cref="OperationCanceledException">The token was cancelled first.</exception>
    /// <exception cref="Win32Exception">epoll refused the descriptor.</exception>
    public Task<uint> WaitAsync(SafeHandle descriptor, uint events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<uint>(cancellationToken);
        }

        var added = false;
        descriptor.DangerousAddRef(ref added);
        var registration = new Registration(descriptor, cancellationToken);
        ulong id;
        lock (_gate)
        {
            if (_broken is not null)
            {
                descriptor.DangerousRelease();
                return Task.FromException<uint>(_broken);
            }

            id = ++_nextId;
            Span<byte> epollEvent = stackalloc byte[16];
            EpollEvents.Write(epollEvent, events | EpollEvents.OneShot, id, EpollEvents.IsPacked);
            if (LibC.EpollCtl(_epoll, EpollCtlAdd, descriptor, in epollEvent[0]) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                descriptor.DangerousRelease();
                return Task.FromException<uint>(new Win32Exception(errno));
            }

            _waits.Add(id, registration);
        }

        // Registered after the wait exists, so a token cancelled meanwhile still finds it and removes it.
        var cancellation = cancellationToken.UnsafeRegister(static (state, _) =>
        {
            var (poller, waitId) = ((EpollPoller, ulong))state!;
            poller.Cancel(waitId);
        }, (this, id));
        bool waiting;
        lock (_gate)
        {
            waiting = _waits.ContainsKey(id);
            if (waiting)
            {
                registration.Cancellation = cancellation;
            }
        }

        if (!waiting)
        {
            // The wait already ended; its token must not keep a callback for it.
            cancellation.Unregister();
        }

        return registration.Completion.Task;
    }

    private void Cancel(ulong id)
    {
        var registration = Remove(id);
        if (registration is not null)
        {
            registration.Completion.TrySetCanceled(registration.Token);
        }
    }

    /// <summary>Takes a wait out of the table and out of epoll, and lets its descriptor go.</summary>
    private Registration? Remove(ulong id)
    {
        Registration? registration;
        CancellationTokenRegistration cancellation;
        lock (_gate)
        {
            if (!_waits.Remove(id, out registration))
            {
                return null;
            }

            Span<byte> unused = stackalloc byte[16];
            _ = LibC.EpollCtl(_epoll, EpollCtlDel, registration.Descriptor, in unused[0]);
            cancellation = registration.Cancellation;
        }

        registration.Descriptor.DangerousRelease();
        cancellation.Unregister();
        return registration;
    }

    private void Run()
    {
        var size = EpollEvents.Size;
        var buffer = new byte[MaxEvents * size];
        while (true)
        {
            var count = LibC.EpollWait(_epoll, ref buffer[0], MaxEvents, -1);
            if (count < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == Errno.EINTR)
                {
                    continue;
                }

                FailAll(new Win32Exception(errno));
                return;
            }

            for (var i = 0; i < count; i++)
            {
                var (events, id) = EpollEvents.Read(buffer, i, EpollEvents.IsPacked);
                Remove(id)?.Completion.TrySetResult(events);
            }
        }
    }

    // epoll_wait only fails on a broken epoll descriptor; present and future waits then fail rather than hang.
    private void FailAll(Exception failure)
    {
        ulong[] ids;
        lock (_gate)
        {
            _broken = failure;
            ids = [.. _waits.Keys];
        }

        foreach (var id in ids)
        {
            Remove(id)?.Completion.TrySetException(failure);
        }
    }

    private sealed class Registration(SafeHandle descriptor, CancellationToken token)
    {
        public SafeHandle Descriptor { get; } = descriptor;

        public CancellationToken Token { get; } = token;

        public TaskCompletionSource<uint> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Set and read under the poller's lock: the poller thread may end the wait while it is being set.</summary>
        public CancellationTokenRegistration Cancellation { get; set; }
    }
}
