using RuntimeActors.Fuzz;
using RuntimeActors.Wire;

namespace RuntimeActors.Properties.Tests;

/// <summary>
/// The recorded libzmq traffic gets through the handshake targets, so that fuzzing them starts from complete handshakes
/// and reaches the data phase. CURVE cannot: its recordings hold the short-term keys and cookie of another connection.
/// </summary>
public sealed class RecordedTrafficTests
{
    public static TheoryData<string, string> Recordings()
    {
        var data = new TheoryData<string, string>();
        foreach (var target in (string[])["null", "plain-client", "plain-server", "curve-client", "curve-server"])
        {
            foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "corpus", target)).Order(StringComparer.Ordinal))
            {
                data.Add(target, Path.GetFileName(file));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Recordings))]
    public void A_recorded_handshake_gets_as_far_as_it_got_between_libzmq_peers(string target, string recording)
    {
        var input = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "corpus", target, recording));
        var expected = (target, recording) switch
        {
            (_, _) when target.StartsWith("curve", StringComparison.Ordinal) => ZmtpMechanismStatus.Error,
            // libzmq's ZAP refused that client, so it never sent INITIATE; our server's ZAP allowed it and waits for one.
            ("plain-server", "plain-refused-from-client") => ZmtpMechanismStatus.Handshaking,
            ("plain-client", "plain-refused-from-server") => ZmtpMechanismStatus.Error,
            _ => ZmtpMechanismStatus.Ready,
        };
        Assert.Equal(expected, FuzzTargets.Handshake(target, input));
    }
}
