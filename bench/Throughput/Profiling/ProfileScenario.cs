using PropertyFlow.Bench.Throughput.Scenarios;
using PropertyFlow.Engine.Runtime;

namespace PropertyFlow.Bench.Throughput;

/// <summary>
/// Where an instance's time goes: CPU time, how long the group committer's write gate was held and how many SQLite
/// transactions it wrote (its own counters), time per kind of engine call (stopwatch at the caller), and managed
/// allocations (sampled from the runtime's events). Not a throughput figure: the allocation sampler costs a little.
/// </summary>
internal static class ProfileScenario
{
    public static async Task<ProfileResult> ComplaintAsync(int instances, int warmup, int workers) =>
        await ProfileAsync("complaint", workers, instances, warmup, (engine, i, times) => ComplaintScenario.RunOneAsync(engine, $"profile-{i}", times));

    public static async Task<ProfileResult> StraightThroughAsync(int instances, int warmup) =>
        await ProfileAsync("straight-through", 1, instances, warmup, (engine, _, times) => StraightThroughScenario.RunOneAsync(engine, times));

    /// <summary>With more than one worker the per-call times are not taken (<see cref="CallTimes"/> serves one caller).</summary>
    private static async Task<ProfileResult> ProfileAsync(string name, int workers, int instances, int warmup, Func<ProcessEngine, int, CallTimes?, Task> runOne)
    {
        await using var host = await EngineHost.StartAsync();
        for (var i = 0; i < warmup; i++)
        {
            await runOne(host.Engine, -1 - i, null);
        }

        using var sampler = new AllocationSampler();
        var times = new CallTimes();
        var gen0 = GC.CollectionCount(0);
        var gen2 = GC.CollectionCount(2);
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var (gate, transactions) = (host.GateHeld, host.GroupTransactions);
        var clock = RunClock.Start();
        if (workers == 1)
        {
            for (var i = 0; i < instances; i++)
            {
                await runOne(host.Engine, i, times);
            }
        }
        else
        {
            await Workers.RunAsync(instances, workers, i => runOne(host.Engine, i, null));
        }

        var timing = clock.Stop();
        var allocatedPerInstance = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / instances;
        var collections = (Gen0: GC.CollectionCount(0) - gen0, Gen2: GC.CollectionCount(2) - gen2);
        await Task.Delay(TimeSpan.FromSeconds(1)); // runtime events reach the listener a little late
        return new ProfileResult(
            name,
            workers,
            instances,
            timing,
            host.GateHeld - gate,
            host.GroupTransactions - transactions,
            times,
            allocatedPerInstance,
            sampler.Top(10),
            sampler.ByArea(),
            collections.Gen0,
            collections.Gen2);
    }
}

/// <summary>What one instance cost, on average, in a profiling pass.</summary>
internal sealed record ProfileResult(
    string Name,
    int Workers,
    int Instances,
    RunTiming Timing,
    TimeSpan GateHeld,
    long Transactions,
    CallTimes Calls,
    long AllocatedBytesPerInstance,
    IReadOnlyList<(string Type, double Share)> TopAllocations,
    IReadOnlyList<(string Area, double Share)> AllocationsByArea,
    int Gen0Collections,
    int Gen2Collections)
{
    public TimeSpan Elapsed => Timing.Elapsed;

    public double PerInstance(long total) => total / (double)Instances;

    public double MillisecondsPerInstance(TimeSpan span) => span.TotalMilliseconds / Instances;
}
