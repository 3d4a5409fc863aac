using System.Diagnostics;
using PropertyFlow.Bench.Throughput.Scenarios;
using PropertyFlow.Engine.Runtime;

namespace PropertyFlow.Bench.Throughput;

/// <summary>
/// Where an instance's time goes: database commands, commits and the write lock (EF Core's diagnostic events),
/// time per kind of engine call (stopwatch at the caller), and managed allocations. Not a throughput figure:
/// the listener itself costs a little.
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
        using var counter = new CommandCounter();
        await using var host = await EngineHost.StartAsync();
        for (var i = 0; i < warmup; i++)
        {
            await runOne(host.Engine, -1 - i, null);
        }

        counter.Reset();
        using var sampler = new AllocationSampler();
        var times = new CallTimes();
        var gen0 = GC.CollectionCount(0);
        var gen2 = GC.CollectionCount(2);
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
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

        var elapsed = clock.Elapsed;
        var allocatedPerInstance = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / instances;
        var collections = (Gen0: GC.CollectionCount(0) - gen0, Gen2: GC.CollectionCount(2) - gen2);
        await Task.Delay(TimeSpan.FromSeconds(1)); // runtime events reach the listener a little late
        return new ProfileResult(
            name,
            workers,
            instances,
            elapsed,
            counter.Snapshot(),
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
    TimeSpan Elapsed,
    CommandSnapshot Database,
    CallTimes Calls,
    long AllocatedBytesPerInstance,
    IReadOnlyList<(string Type, double Share)> TopAllocations,
    IReadOnlyList<(string Area, double Share)> AllocationsByArea,
    int Gen0Collections,
    int Gen2Collections)
{
    public double PerInstance(int total) => total / (double)Instances;

    public double MillisecondsPerInstance(TimeSpan span) => span.TotalMilliseconds / Instances;
}
