using RuntimeActors.Pipes;

namespace RuntimeActors.Sockets;

/// <summary>
/// Round-robin over the pipes that can take a message now, as libzmq's lb.cpp: a pipe at its high-water
/// mark is skipped, and when every pipe is full (or there is none) the send must wait.
/// </summary>
internal sealed class LoadBalancer
{
    private int _next;

    /// <summary>Writes <paramref name="message"/> to the next pipe with room; returns that pipe, or null.</summary>
    public Pipe? TryWrite(List<Pipe> pipes, ZMessage message)
    {
        for (var tried = 0; tried < pipes.Count; tried++)
        {
            var index = (_next + tried) % pipes.Count;
            var pipe = pipes[index];
            if (pipe.Outbound.TryWrite(message))
            {
                _next = (index + 1) % pipes.Count;
                return pipe;
            }
        }

        return null;
    }
}
