using System.Collections.Concurrent;

namespace PropertyFlow.Engine.Expressions;

/// <summary>
/// Idle sandboxes for reuse: a Jint engine is not thread-safe, so each evaluation rents one. Building a hardened engine costs
/// milliseconds and a run on a warm one about a microsecond, so engines are kept (up to twice the processor count) rather than
/// built per call; one that hit a limit is dropped instead of returned.
/// </summary>
internal sealed class SandboxPool(Func<Sandbox> create) : IDisposable
{
    private readonly ConcurrentBag<Sandbox> _idle = [];
    private readonly int _capacity = Environment.ProcessorCount * 2;
    private int _count;
    private bool _disposed;

    public Sandbox Rent()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed), this);
        if (_idle.TryTake(out var sandbox))
        {
            Interlocked.Decrement(ref _count);
            return sandbox;
        }

        return create();
    }

    /// <summary>Keeps a healthy sandbox for the next evaluation; disposes a poisoned one, or any beyond the pool's capacity.</summary>
    public void Return(Sandbox sandbox, bool healthy)
    {
        if (healthy && !Volatile.Read(ref _disposed) && Interlocked.Increment(ref _count) <= _capacity)
        {
            _idle.Add(sandbox);
            return;
        }

        if (healthy && !Volatile.Read(ref _disposed))
        {
            Interlocked.Decrement(ref _count);
        }

        sandbox.Dispose();
    }

    public void Dispose()
    {
        Volatile.Write(ref _disposed, true);
        while (_idle.TryTake(out var sandbox))
        {
            sandbox.Dispose();
        }
    }
}
