using System.Globalization;
using System.Text;
using PropertyFlow.Bench.Throughput.Scenarios;
using PropertyFlow.Engine.Runtime;

namespace PropertyFlow.Bench.Throughput;

/// <summary>
/// <c>--ab</c>: the engine's read and history settings side by side, in one process, rounds interleaved, so that
/// load from other work on the machine hits every variant alike. The first variant is the engine as it was
/// before group commit (one transaction per trigger, full history); the median of the rounds is reported.
/// </summary>
internal static class AbRun
{
    public const string Begin = "<!-- ab:begin -->";
    public const string End = "<!-- ab:end -->";

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The settings compared: a name and how the engine is configured.</summary>
    public static IReadOnlyList<(string Name, Action<EngineOptions> Configure)> Variants { get; } =
    [
        ("before: one transaction per trigger, SQLite's busy handler", o => o.GroupCommit = false),
        ("group commit, full history (default)", _ => { }),
        ("group commit, no history", o => o.HistoryLevel = HistoryLevel.None),
    ];

    public static async Task<string> RunAsync(BenchSettings settings, TextWriter progress)
    {
        var loadBefore = RunEnvironment.LoadAverage();
        var total = System.Diagnostics.Stopwatch.StartNew();
        void Say(string line) => progress.WriteLine($"[{total.Elapsed:mm\\:ss}] {line}");
        var complaints = settings.Quick ? 100 : 300;
        var straight = settings.Quick ? 500 : 1_500;
        var rounds = settings.Quick ? 1 : 3;

        Say("Warming up every variant");
        foreach (var (_, configure) in Variants)
        {
            await using var host = await EngineHost.StartAsync(configure: configure);
            await Workers.RunAsync(settings.Warmup, 1, i => ComplaintScenario.RunOneAsync(host.Engine, $"jit-{i}"));
            await Workers.RunAsync(settings.Warmup, 1, _ => StraightThroughScenario.RunOneAsync(host.Engine));
        }

        var results = Variants.Select(_ => (Complaint: new List<Sample>(), Straight: new List<Sample>())).ToArray();
        foreach (var workers in settings.WorkerCounts)
        {
            for (var round = 0; round < rounds; round++)
            {
                // Each round runs the variants in a different order, so none is always first after a pause.
                for (var k = 0; k < Variants.Count; k++)
                {
                    var v = (k + round) % Variants.Count;
                    var (name, configure) = Variants[v];
                    results[v].Complaint.Add(await MeasureAsync(configure, workers, complaints, settings.Warmup, ComplaintScenario.TriggersPerInstance,
                        (engine, i) => ComplaintScenario.RunOneAsync(engine, $"ab-{i}")));
                    results[v].Straight.Add(await MeasureAsync(configure, workers, straight, settings.Warmup, StraightThroughScenario.TriggersPerInstance,
                        (engine, _) => StraightThroughScenario.RunOneAsync(engine)));
                    Say($"{workers} worker(s), round {round + 1}, {name}: complaint {results[v].Complaint[^1].PerSecond:N0}/s, straight-through {results[v].Straight[^1].PerSecond:N0}/s");
                }
            }
        }

        var md = new StringBuilder();
        md.Append(Inv, $"A/B run {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC, engine build {RunEnvironment.Read("", null).Engine}; ")
            .Append(Inv, $"{complaints:N0} complaints and {straight:N0} straight-through instances per measurement, {rounds} round(s) interleaved, median shown; ")
            .Append(Inv, $"one-minute load average {loadBefore ?? "?"} before and {RunEnvironment.LoadAverage() ?? "?"} after; took {total.Elapsed.TotalSeconds:N0} s.\n\n");
        md.Append("| Variant | Workers | Complaint/s | CPU per complaint | Allocated per complaint | SQLite transactions per complaint | Write gate held (complaint) | Straight-through/s | CPU per instance | Allocated per instance | SQLite transactions per instance | Write gate held (straight-through) |\n");
        md.Append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        var perWorkerCount = rounds;
        for (var w = 0; w < settings.WorkerCounts.Count; w++)
        {
            for (var v = 0; v < Variants.Count; v++)
            {
                var c = Median(results[v].Complaint.Skip(w * perWorkerCount).Take(perWorkerCount));
                var s = Median(results[v].Straight.Skip(w * perWorkerCount).Take(perWorkerCount));
                var before = (Complaint: Median(results[0].Complaint.Skip(w * perWorkerCount).Take(perWorkerCount)), Straight: Median(results[0].Straight.Skip(w * perWorkerCount).Take(perWorkerCount)));
                md.Append(Inv, $"| {Variants[v].Name} | {settings.WorkerCounts[w]} | {c.PerSecond:N0}{Gain(c, before.Complaint, v)} | {c.CpuMs:N2} ms | {c.AllocatedKb:N0} KB | {c.Transactions:N2} | {Held(c)} | ")
                    .Append(Inv, $"{s.PerSecond:N0}{Gain(s, before.Straight, v)} | {s.CpuMs:N2} ms | {s.AllocatedKb:N0} KB | {s.Transactions:N2} | {Held(s)} |\n");
            }
        }

        return md.ToString();
    }

    private static string Gain(Sample sample, Sample before, int variant) =>
        variant == 0 ? "" : string.Create(Inv, $" ({sample.PerSecond / before.PerSecond:0.00}×)");

    private static string Held(Sample sample) => sample.GateShare is { } share ? share.ToString("P0", Inv) : "–";

    private static Sample Median(IEnumerable<Sample> samples)
    {
        var sorted = samples.OrderBy(s => s.PerSecond).ToList();
        return sorted[sorted.Count / 2];
    }

    private static async Task<Sample> MeasureAsync(Action<EngineOptions> configure, int workers, int count, int warmup, int triggers, Func<ProcessEngine, int, Task> one)
    {
        await using var host = await EngineHost.StartAsync(configure: configure);
        await Workers.RunAsync(warmup, workers, i => one(host.Engine, -1 - i));
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var groups = host.GroupTransactions;
        var held = host.GateHeld;
        var timing = await Workers.RunAsync(count, workers, i => one(host.Engine, i));
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        groups = host.GroupTransactions - groups;
        held = host.GateHeld - held;

        // Without group commit every trigger is its own transaction; with it, the committer counts its transactions.
        var transactions = groups == 0 ? triggers : (double)groups / count;
        return new Sample(count / timing.Elapsed.TotalSeconds, timing.Cpu.TotalMilliseconds / count, allocated / 1024.0 / count, transactions,
            groups == 0 ? null : held / timing.Elapsed);
    }

    /// <summary>
    /// One measurement: instances per second of wall time, process CPU, managed bytes and SQLite transactions per
    /// instance, and the share of the wall time the group committer's write gate was held (null without group commit):
    /// near 100 % the writes, which run one group at a time, are the bound.
    /// </summary>
    private readonly record struct Sample(double PerSecond, double CpuMs, double AllocatedKb, double Transactions, double? GateShare);
}
