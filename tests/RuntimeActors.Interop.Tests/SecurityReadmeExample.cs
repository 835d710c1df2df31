// The code between the snippet markers is quoted verbatim in README.md (checked by ReadmeTests in
// RuntimeActors.EndToEnd.Tests); the test below runs it against the README's pyzmq client, on libzmq's CURVE.
using System.Diagnostics;

namespace RuntimeActors.Interop.Tests;

// begin-snippet: curve-server
/// <summary>A CURVE server that lets in one client, known by its public key: libzmq, pyzmq and NetMQ clients alike.</summary>
public static class CurveServer
{
    public static async Task ServeOneAsync(
        SocketRuntime runtime, CurveKeyPair serverKeys, string clientPublicKey, string endpoint, Action<string> bound, CancellationToken cancellationToken)
    {
        // ZAP decides who gets in; without a handler a CURVE server takes any client that knows its public key.
        using var zap = runtime.UseZapHandler(new ZapAuthenticator().AllowCurve(clientPublicKey).HandleAsync);

        await using var server = runtime.CreateSocket(SocketType.Rep, runtime.CreateOptions().UseCurveServer(serverKeys));
        bound(await server.BindAsync(endpoint, cancellationToken));

        var request = await server.ReceiveAsync(cancellationToken);
        // The user id ZAP gave the client (ZapAuthenticator gives its public key) comes with each of its messages.
        await server.SendAsync(ZMessage.FromStrings($"hello {request.GetString(0)}, known as {request.UserId}"), cancellationToken);
    }
}
// end-snippet

public sealed class SecurityReadmeExampleTests(ITestOutputHelper output) : InteropTest(output)
{
    /// <summary>The README's pyzmq client, word for word.</summary>
    private const string PythonClient = """
        import sys, zmq
        endpoint, server_public, client_public, client_secret = sys.argv[1:5]
        req = zmq.Context().socket(zmq.REQ)
        req.curve_serverkey = server_public.encode()
        req.curve_publickey = client_public.encode()
        req.curve_secretkey = client_secret.encode()
        req.connect(endpoint)
        req.send_string("pyzmq")
        print(req.recv_string())
        """;

    [Fact]
    public async Task The_curve_server_example_answers_a_pyzmq_client_on_libzmq_curve()
    {
        var serverKeys = CurveKeyPair.Generate();
        var clientKeys = CurveKeyPair.Generate();
        using var deadline = new CancellationTokenSource(Patience * 3);
        var bound = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var serving = CurveServer.ServeOneAsync(Runtime, serverKeys, clientKeys.PublicKeyZ85, "tcp://127.0.0.1:*", bound.SetResult, deadline.Token);
        var endpoint = await bound.Task.WaitAsync(deadline.Token);

        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-c", PythonClient, endpoint, serverKeys.PublicKeyZ85, clientKeys.PublicKeyZ85, clientKeys.SecretKeyZ85 })
        {
            start.ArgumentList.Add(argument);
        }

        using var client = Process.Start(start)!;
        var answer = await client.StandardOutput.ReadToEndAsync(deadline.Token);
        await client.WaitForExitAsync(deadline.Token);
        PeerOutput.WriteLine(await client.StandardError.ReadToEndAsync(deadline.Token));

        Assert.Equal(0, client.ExitCode);
        Assert.Equal($"hello pyzmq, known as {clientKeys.PublicKeyZ85}", answer.Trim());
        await serving;
    }
}
