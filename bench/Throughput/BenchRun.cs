using System.Diagnostics;
using PropertyFlow.Bench.Throughput.Scenarios;

namespace PropertyFlow.Bench.Throughput;

/// <summary>Runs every measurement once, in an order that keeps the big timer run from warming the others.</summary>
internal static class BenchRun
{
    public static async Task<BenchResults> RunAllAsync(BenchSettings settings, TextWriter progress)
    {
        var loadBefore = RunEnvironment.LoadAverage();
        var total = Stopwatch.StartNew();
        void Say(string line) => progress.WriteLine($"[{total.Elapsed:mm\\:ss}] {line}");

        var sqliteRuns = new List<Measurement>();
        foreach (var writers in settings.WorkerCounts)
        {
            Say($"SQLite baseline: {settings.SqliteTransactions:N0} one-row transactions, {writers} writer connection(s)");
            sqliteRuns.Add(SqliteCommitBaseline.Measure(settings.SqliteTransactions, settings.Warmup * 5, writers));
            Say($"  {sqliteRuns[^1].PerSecond:N0} commits/s, {sqliteRuns[^1].Timing.Cores:N2} cores busy");
        }

        var sqlite = new WorkerSeries("sqlite", sqliteRuns);

        Say($"WorkflowCore baseline: {settings.ComplaintInstances:N0} instances");
        var workflowCore = await WorkflowCoreBaseline.MeasureAsync(settings.ComplaintInstances, settings.Warmup);
        Say($"  {workflowCore.PerSecond:N0} instances/s, {workflowCore.Timing.Cores:N2} cores busy");

        Say($"Warming up the engine: {settings.Warmup * 2:N0} instances of each process");
        await WarmUpProcessAsync(settings.Warmup * 2);

        var complaint = new List<Measurement>();
        foreach (var workers in settings.WorkerCounts)
        {
            Say($"PropertyFlow complaint: {settings.ComplaintInstances:N0} instances, {workers} worker(s)");
            complaint.Add(await ComplaintScenario.MeasureAsync(settings.ComplaintInstances, workers, settings.Warmup));
            Say($"  {complaint[^1].PerSecond:N0} instances/s, {complaint[^1].Timing.Cores:N2} cores busy");
        }

        var straight = new List<Measurement>();
        foreach (var workers in settings.WorkerCounts)
        {
            Say($"PropertyFlow straight-through: {settings.StraightThroughInstances:N0} instances, {workers} worker(s)");
            straight.Add(await StraightThroughScenario.MeasureAsync(settings.StraightThroughInstances, workers, settings.Warmup));
            Say($"  {straight[^1].PerSecond:N0} instances/s, {straight[^1].Timing.Cores:N2} cores busy");
        }

        var profileCount = Math.Min(500, settings.ComplaintInstances);
        Say($"Profile: {profileCount} complaint instances on one and on two workers, {profileCount} straight-through on one");
        var profiles = new[]
        {
            await ProfileScenario.ComplaintAsync(profileCount, settings.Warmup, workers: 1),
            await ProfileScenario.ComplaintAsync(profileCount, settings.Warmup, workers: 2),
            await ProfileScenario.StraightThroughAsync(profileCount, settings.Warmup),
        };

        var timerWorkers = new WorkerSeries("straight-through", straight).Best.Workers;
        Say($"Waiting timers: {settings.WaitingInstances:N0} instances, {settings.DueInstances:N0} come due ({timerWorkers} workers start them)");
        var timers = await WaitingTimersScenario.MeasureAsync(settings.WaitingInstances, settings.DueInstances, timerWorkers);
        Say($"  fired {timers.Due:N0} in {timers.Fire.Elapsed.TotalSeconds:N2} s");
        Say($"Done in {total.Elapsed.TotalSeconds:N0} s");

        return new BenchResults(
            settings,
            RunEnvironment.Read(SqliteCommitBaseline.Version(), loadBefore),
            sqlite,
            workflowCore,
            new WorkerSeries("complaint", complaint),
            new WorkerSeries("straight-through", straight),
            profiles,
            timers,
            total.Elapsed);
    }

    /// <summary>
    /// JIT and tiered compilation, EF Core's compiled-query cache and Jint are warmed once per process, so the
    /// first measured run (one worker) is not also the one that pays for them.
    /// </summary>
    private static async Task WarmUpProcessAsync(int instances)
    {
        await using var host = await EngineHost.StartAsync();
        await Workers.RunAsync(instances, 2, i => ComplaintScenario.RunOneAsync(host.Engine, $"jit-{i}"));
        await Workers.RunAsync(instances, 2, _ => StraightThroughScenario.RunOneAsync(host.Engine));
    }
}

/// <summary>Everything one run measured.</summary>
internal sealed record BenchResults(
    BenchSettings Settings,
    RunEnvironment Environment,
    WorkerSeries Sqlite,
    Measurement WorkflowCore,
    WorkerSeries Complaint,
    WorkerSeries StraightThrough,
    IReadOnlyList<ProfileResult> Profiles,
    WaitingTimersResult Timers,
    TimeSpan Duration);
