using System.Diagnostics;

namespace PropertyFlow.Bench.Throughput;

/// <summary>Wall time spent in each kind of engine call, seen from the caller. Used by one worker at a time.</summary>
internal sealed class CallTimes
{
    private long _start;
    private long _query;
    private long _complete;
    private long _fire;

    public static long Now() => Stopwatch.GetTimestamp();

    public TimeSpan Start => Span(_start);

    public TimeSpan Query => Span(_query);

    public TimeSpan Complete => Span(_complete);

    public TimeSpan Fire => Span(_fire);

    public void AddStart(long since) => _start += Stopwatch.GetTimestamp() - since;

    public void AddQuery(long since) => _query += Stopwatch.GetTimestamp() - since;

    public void AddComplete(long since) => _complete += Stopwatch.GetTimestamp() - since;

    public void AddFire(long since) => _fire += Stopwatch.GetTimestamp() - since;

    private static TimeSpan Span(long ticks) => TimeSpan.FromSeconds(ticks / (double)Stopwatch.Frequency);
}
