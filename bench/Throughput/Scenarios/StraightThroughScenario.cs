using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime;

namespace PropertyFlow.Bench.Throughput.Scenarios;

/// <summary>(2) Start, one in-process no-op service task, end: one trigger and one commit per instance.</summary>
internal static class StraightThroughScenario
{
    public const string ProcessKey = "straightThrough";

    public const int TriggersPerInstance = 1;

    /// <summary>
    /// Camunda's published figure for a one-step, no-op process (PostgreSQL, history level none, 4 threads;
    /// Camunda blog, January 2014): quoted beside ours, never measured here. At that history level the engine
    /// wrote no row at all per instance.
    /// </summary>
    public const double PublishedCamunda7PerSecond = 3_937;

    public static async Task<Measurement> MeasureAsync(int instances, int workers, int warmup)
    {
        await using var host = await EngineHost.StartAsync();
        await Workers.RunAsync(warmup, workers, _ => RunOneAsync(host.Engine));
        var timing = await Workers.RunAsync(instances, workers, _ => RunOneAsync(host.Engine));
        return new Measurement("PropertyFlow straight-through (start → no-op service task → end)", workers, instances, timing, host.WalBytes);
    }

    public static async Task RunOneAsync(ProcessEngine engine, CallTimes? times = null)
    {
        var started = CallTimes.Now();
        var instance = await engine.StartAsync(ProcessKey);
        times?.AddStart(started);
        if (instance.Status != InstanceStatus.Completed)
        {
            throw new InvalidOperationException($"Straight-through instance {instance.Id} is {instance.Status}; expected completed in its start trigger.");
        }
    }
}
