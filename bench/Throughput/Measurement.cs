using System.Diagnostics;

namespace PropertyFlow.Bench.Throughput;

/// <summary>
/// One timed run: how many instances (or transactions) finished in what wall time, how busy it kept the CPU,
/// and for the engine's runs how large the SQLite write-ahead log had grown by the end.
/// </summary>
internal sealed record Measurement(string Name, int Workers, int Count, RunTiming Timing, long? WalBytes = null)
{
    public TimeSpan Elapsed => Timing.Elapsed;

    public double PerSecond => Count / Elapsed.TotalSeconds;
}

/// <summary>The same measurement at several worker counts.</summary>
internal sealed record WorkerSeries(string Name, IReadOnlyList<Measurement> Runs)
{
    public Measurement Best => Runs.MaxBy(r => r.PerSecond)!;
}

/// <summary>Wall time and the process's CPU time over the same span.</summary>
internal readonly record struct RunTiming(TimeSpan Elapsed, TimeSpan Cpu)
{
    /// <summary>
    /// CPU time ÷ wall time: how many cores the process kept busy. Well under the worker count means the
    /// workers waited (for the write lock, or for a CPU that other work held).
    /// </summary>
    public double Cores => Cpu / Elapsed;
}

/// <summary>Starts measuring wall and process CPU time together.</summary>
internal sealed class RunClock
{
    private readonly Stopwatch _wall = Stopwatch.StartNew();
    private readonly TimeSpan _cpu = CpuNow();

    public static RunClock Start() => new();

    public RunTiming Stop() => new(_wall.Elapsed, CpuNow() - _cpu);

    private static TimeSpan CpuNow()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }
}
