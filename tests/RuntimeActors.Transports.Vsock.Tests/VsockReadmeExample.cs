namespace RuntimeActors.Transports.Vsock.Tests;

// The README's vsock examples, compiled here; the UML suite links this file and runs the quickstart.
// begin-snippet: vsock-quickstart
public static class VsockQuickStart
{
    public static async Task<string> RunAsync()
    {
        await using var runtime = SocketRuntime.Create(b => b.AddVsock());
        await using var pull = runtime.CreateSocket(SocketType.Pull);
        await using var push = runtime.CreateSocket(SocketType.Push);

        var endpoint = await pull.BindAsync("vsock://1:*"); // the loopback CID 1, any free port: "vsock://1:<port>"
        await push.ConnectAsync(endpoint);                   // a guest would connect to the host, vsock://2:<port>
        await push.SendAsync("hello", "vsock");

        var message = await pull.ReceiveAsync();
        return string.Join(' ', message.GetStrings()); // "hello vsock"
    }
}
// end-snippet

// begin-snippet: vsock-options
public static class VsockTuning
{
    public static SocketRuntime Create() => SocketRuntime.Create(b => b.AddVsock(new VmSocketOptions
    {
        BufferSize = 1 << 20,                     // SO_VM_SOCKETS_BUFFER_SIZE      (ZMQ_VMCI_BUFFER_SIZE)
        BufferMinSize = 64 << 10,                 // SO_VM_SOCKETS_BUFFER_MIN_SIZE  (ZMQ_VMCI_BUFFER_MIN_SIZE)
        BufferMaxSize = 4 << 20,                  // SO_VM_SOCKETS_BUFFER_MAX_SIZE  (ZMQ_VMCI_BUFFER_MAX_SIZE)
        ConnectTimeout = TimeSpan.FromSeconds(5), // SO_VM_SOCKETS_CONNECT_TIMEOUT  (ZMQ_VMCI_CONNECT_TIMEOUT)
    }));
}
// end-snippet
