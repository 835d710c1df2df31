using System.Diagnostics;
using System.Text.RegularExpressions;

namespace RuntimeActors.Transports.Vsock.Uml.Tests;

/// <summary>The ractors command over vsock, as two processes in the guest: a wildcard bind prints its real endpoint, a sender connects to it.</summary>
public sealed partial class RactorsTests
{
    public RactorsTests() => Uml.EnsureInside();

    [Fact]
    public async Task Recv_binds_a_wildcard_port_and_a_sender_that_connects_to_it_is_received()
    {
        using var deadline = Uml.Deadline();
        using var recv = Start("recv", "PULL", "--bind", "vsock://1:*", "--count", "2");
        var endpoint = await BoundEndpointAsync(recv, deadline.Token);
        Assert.Matches(@"^vsock://1:\d+$", endpoint);

        using var send = Start("send", "PUSH", "--connect", endpoint, "over|vsock", "second");

        Assert.Equal("over|vsock", await recv.StandardOutput.ReadLineAsync(deadline.Token));
        Assert.Equal("second", await recv.StandardOutput.ReadLineAsync(deadline.Token));
        await recv.WaitForExitAsync(deadline.Token);
        await send.WaitForExitAsync(deadline.Token);
        Assert.Equal(0, recv.ExitCode);
        Assert.Equal(0, send.ExitCode);
    }

    private static Process Start(params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ractors.dll"));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return Process.Start(info) ?? throw new InvalidOperationException("ractors did not start");
    }

    /// <summary>Reads standard error up to the 'bound ENDPOINT' line every bind prints.</summary>
    private static async Task<string> BoundEndpointAsync(Process process, CancellationToken cancellationToken)
    {
        while (await process.StandardError.ReadLineAsync(cancellationToken) is { } line)
        {
            var match = BoundLine().Match(line);
            if (match.Success)
            {
                return match.Groups[1].Value;
            }
        }

        throw new InvalidOperationException($"ractors exited ({process.ExitCode}) without printing a bound line");
    }

    [GeneratedRegex(@"^bound (\S+)$")]
    private static partial Regex BoundLine();
}
