namespace PropertyFlow.Engine.Simulation;

/// <summary>
/// A clock that stands still until it is moved: the simulator's time (and usable by any host that wants to skip days).
/// Its local time zone is UTC, so nothing read from it depends on the machine. Only the wall-clock reading is virtual:
/// <see cref="TimeProvider.GetTimestamp"/> and timers made by <see cref="TimeProvider.CreateTimer"/> stay real, so
/// timeouts (script limits, lock waits) keep working; the engine's own timers are database rows, moved by
/// <see cref="Runtime.ProcessEngine.AdvanceClockAsync"/>. Thread-safe.
/// </summary>
public sealed class VirtualClock(DateTimeOffset start) : TimeProvider
{
    private long _utcTicks = start.UtcTicks;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _utcTicks), TimeSpan.Zero);

    /// <summary>Moves the clock to <paramref name="value"/>; time never runs backwards.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is earlier than the current reading.</exception>
    public void SetUtcNow(DateTimeOffset value)
    {
        while (true)
        {
            var current = Interlocked.Read(ref _utcTicks);
            if (value.UtcTicks < current)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value,
                    $"The virtual clock reads {new DateTimeOffset(current, TimeSpan.Zero):O}; it cannot be set back.");
            }

            if (Interlocked.CompareExchange(ref _utcTicks, value.UtcTicks, current) == current)
            {
                return;
            }
        }
    }

    /// <summary>Moves the clock forward by <paramref name="delta"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delta"/> is negative.</exception>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        Interlocked.Add(ref _utcTicks, delta.Ticks);
    }
}
