namespace PropertyFlow.Bench.Throughput;

/// <summary>
/// One timed run: how many instances (or transactions) finished in what wall time, and for the engine's runs
/// how large the SQLite write-ahead log had grown by the end.
/// </summary>
internal sealed record Measurement(string Name, int Workers, int Count, TimeSpan Elapsed, long? WalBytes = null)
{
    public double PerSecond => Count / Elapsed.TotalSeconds;
}

/// <summary>The same measurement at several worker counts.</summary>
internal sealed record WorkerSeries(string Name, IReadOnlyList<Measurement> Runs)
{
    public Measurement Best => Runs.MaxBy(r => r.PerSecond)!;
}
