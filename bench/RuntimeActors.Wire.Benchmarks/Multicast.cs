using System.Globalization;
using System.Net;

namespace RuntimeActors.Wire.Benchmarks;

/// <summary>
/// What the epgm rows (PUB to SUB, the pub and sub modes) set beyond the throughput rows' PUSH and PULL, as zbench.c does:
/// ZMQ_RATE from BENCH_RATE, no high-water mark, and a publisher that stays up until the receiver has everything.
/// </summary>
internal static class Multicast
{
    /// <summary>
    /// The options of a PUB or SUB. No high-water mark: a PUB drops what its high-water mark does not take and PGM has no
    /// flow control to slow the sender, so a bounded PUB would lose messages the SUB then waits for for ever.
    /// </summary>
    public static SocketOptions Options(SocketRuntime runtime, SocketType type)
    {
        var options = runtime.CreateOptions();
        if (type == SocketType.Pub)
        {
            options.SendHighWaterMark = 0;
        }
        else
        {
            options.ReceiveHighWaterMark = 0;
        }

        if (Environment.GetEnvironmentVariable("BENCH_RATE") is { Length: > 0 } rate)
        {
            options.MulticastRate = int.Parse(rate, NumberStyles.None, CultureInfo.InvariantCulture);
        }

        return options;
    }

    /// <summary>
    /// Waits until the kernel lists this process in <paramref name="endpoint"/>'s group (/proc/self/net/igmp, each group
    /// as 8 hex digits of the address in host order). A bind opens the group in the background, and a PGM receiver starts
    /// at the first packet it sees: the ready file must not let the sender start before the receiver hears it.
    /// </summary>
    public static async Task JoinedAsync(string endpoint)
    {
        var group = IPAddress.Parse(endpoint[(endpoint.IndexOf(';', StringComparison.Ordinal) + 1)..endpoint.LastIndexOf(':')]).GetAddressBytes();
        var listed = string.Create(CultureInfo.InvariantCulture, $"{group[3]:X2}{group[2]:X2}{group[1]:X2}{group[0]:X2}");
        for (var attempt = 0; !(await File.ReadAllTextAsync("/proc/self/net/igmp").ConfigureAwait(false)).Contains(listed, StringComparison.Ordinal); attempt++)
        {
            if (attempt == 10_000)
            {
                throw new TimeoutException($"the group of {endpoint} was not joined within 10 s");
            }

            await Task.Delay(1).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Keeps the publisher, and with it its transmit window, up until the file BENCH_UNTIL names exists (run.sh creates it
    /// once the receiver exited). Closing with linger only waits until the messages left the socket: a PGM receiver that
    /// lost the last packets learns of them from the heartbeat SPMs after the data and asks for a repair, which a
    /// publisher already gone could not send.
    /// </summary>
    public static async Task ServeRepairsAsync()
    {
        if (Environment.GetEnvironmentVariable("BENCH_UNTIL") is not { Length: > 0 } until)
        {
            return;
        }

        while (!File.Exists(until))
        {
            await Task.Delay(10).ConfigureAwait(false);
        }
    }
}
