using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RuntimeActors.Pipes;

/// <summary>
/// Mutual exclusion for the short sections of the data path (a socket's routing of one message, a reader's turn at
/// its inbound queue): one compare-exchange to enter and a plain store to leave. Not reentrant. A thread that finds the
/// gate held spins, then yields its time slice, and never blocks in the kernel, so leaving never has anyone to wake.
/// </summary>
/// <remarks>
/// <see cref="Lock"/> takes the thread's id from thread-local storage and makes an interlocked operation on entering
/// and another on leaving. Around each 64-byte inproc send that was a quarter of the sending thread's time (perf:
/// Lock.EnterAndGetCurrentThreadId and Lock.Exit 15 % of a two-thread row's samples); a send that took no lock at all
/// was a quarter faster. Sections under a gate must not wait for anything: a waiter spins for as long as they last.
/// In Debug builds a thread that enters a gate it holds fails at once instead of spinning for ever.
/// </remarks>
internal sealed class SpinGate
{
    private PaddedState _state;

    /// <summary>Enters the gate, waiting while another thread holds it; leave it by disposing the scope.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Scope Enter()
    {
        if (Interlocked.CompareExchange(ref _state.Held, 1, 0) != 0)
        {
            EnterContended();
        }

        NoteOwner();
        return new Scope(this);
    }

    /// <summary>Whether the calling thread could enter now; for tests.</summary>
    internal bool IsHeld => Volatile.Read(ref _state.Held) != 0;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void EnterContended()
    {
        CheckNotOwner();
        var spinner = default(SpinWait);
        do
        {
            // -1: yield rather than sleep a whole millisecond; holders leave within microseconds.
            spinner.SpinOnce(sleep1Threshold: -1);
        }
        while (Volatile.Read(ref _state.Held) != 0 || Interlocked.CompareExchange(ref _state.Held, 1, 0) != 0);
    }

    private void Exit()
    {
        ForgetOwner();
        Volatile.Write(ref _state.Held, 0);
    }

    [Conditional("DEBUG")]
    private void NoteOwner() => _state.Owner = Environment.CurrentManagedThreadId;

    [Conditional("DEBUG")]
    private void ForgetOwner() => _state.Owner = 0;

    [Conditional("DEBUG")]
    private void CheckNotOwner()
    {
        if (Volatile.Read(ref _state.Owner) == Environment.CurrentManagedThreadId)
        {
            throw new InvalidOperationException("A thread entered a SpinGate it already holds; the gate is not reentrant.");
        }
    }

    /// <summary>Leaves the gate when disposed (<c>using (gate.Enter())</c>).</summary>
    public readonly ref struct Scope
    {
        private readonly SpinGate _gate;

        internal Scope(SpinGate gate) => _gate = gate;

        /// <summary>Leaves the gate.</summary>
        public void Dispose() => _gate.Exit();
    }

    /// <summary>The flag on a cache line of its own: it is written twice per section, and objects allocated beside the gate belong to other threads' paths.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 128)]
    private struct PaddedState
    {
        [FieldOffset(64)]
        public int Held;

        [FieldOffset(68)]
        public int Owner;
    }
}
