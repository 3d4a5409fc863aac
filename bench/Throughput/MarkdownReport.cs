using System.Globalization;
using System.Text;
using PropertyFlow.Bench.Throughput.Scenarios;

namespace PropertyFlow.Bench.Throughput;

/// <summary>Renders one run as the Markdown that is printed and written between the markers of docs/benchmarks.md.</summary>
internal static class MarkdownReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Render(BenchResults r)
    {
        var md = new StringBuilder();
        var env = r.Environment;
        Line(md, $"Measured {env.At.ToString("yyyy-MM-dd HH:mm", Inv)} UTC on {env.Processor}, {env.Cores} cores, {env.Runtime}, {env.Os}, SQLite {env.Sqlite}, engine build {env.Engine}; "
            + $"{(r.Settings.Quick ? "`--quick`" : "default")} counts; the whole run took {Seconds(r.Duration)}"
            + (env.LoadBefore is null ? "." : $"; one-minute load average {env.LoadBefore} before the run and {env.LoadAfter} after it (the run itself accounts for up to about {env.Cores}; more means other work shared the machine)."));
        Line(md, "");
        Throughput(md, r);
        Line(md, "");
        Timers(md, r.Timers);
        Line(md, "");
        Profile(md, r.Profiles);
        return md.ToString();
    }

    private static void Throughput(StringBuilder md, BenchResults r)
    {
        var sqliteRate = r.Sqlite.Best.PerSecond;
        var complaintCeiling = sqliteRate / ComplaintScenario.TriggersPerInstance;
        var straightCeiling = sqliteRate / StraightThroughScenario.TriggersPerInstance;

        Line(md, "| Measure | Workers | Instances | Wall time | CPU busy | Instances/s | Against the baselines | Share of the SQLite ceiling |");
        Line(md, "|---|---:|---:|---:|---:|---:|---|---:|");
        var best = r.Complaint.Best;
        Row(md, $"**(1) PropertyFlow complaint**, best", best, $"**{Ratio(best.PerSecond, r.WorkflowCore.PerSecond)} WorkflowCore**", Share(best.PerSecond, complaintCeiling));
        foreach (var run in r.Complaint.Runs)
        {
            Row(md, "&nbsp;&nbsp;complaint", run, $"{Ratio(run.PerSecond, r.WorkflowCore.PerSecond)} WorkflowCore", Share(run.PerSecond, complaintCeiling));
        }

        best = r.StraightThrough.Best;
        var camunda = StraightThroughScenario.PublishedCamunda7PerSecond;
        Row(md, $"**(2) PropertyFlow straight-through**, best", best, $"**{Ratio(best.PerSecond, camunda)} Camunda 7 (published)**", Share(best.PerSecond, straightCeiling));
        foreach (var run in r.StraightThrough.Runs)
        {
            Row(md, "&nbsp;&nbsp;straight-through", run, $"{Ratio(run.PerSecond, camunda)} Camunda 7 (published)", Share(run.PerSecond, straightCeiling));
        }

        Line(md, $"| Camunda 7 one no-op step, *published reference, not measured here* (PostgreSQL, history off: no row written) | 4 | | | | {N(camunda)} | | |");
        Row(md, "**(3) Baseline a: WorkflowCore 3.22.0**, in-memory, 4 event-waiting steps, all instances in flight", r.WorkflowCore, "1.00× (baseline)", "not on SQLite");
        var limit = r.Sqlite.Best;
        Line(md, $"| **(4) Baseline b: SQLite one-row INSERT + COMMIT** (WAL, synchronous=NORMAL, prepared) — the limit, best | {limit.Workers} | {N(limit.Count)} transactions | {Seconds(limit.Elapsed)} | {Cores(limit)} | {N(sqliteRate)} commits/s | | 100 % |");
        foreach (var run in r.Sqlite.Runs)
        {
            Line(md, $"| &nbsp;&nbsp;SQLite, {run.Workers} writer connection(s) | {run.Workers} | {N(run.Count)} transactions | {Seconds(run.Elapsed)} | {Cores(run)} | {N(run.PerSecond)} commits/s | | {Percent(run.PerSecond / sqliteRate)} |");
        }
        Line(md, "");
        Line(md, $"The SQLite ceiling of a process is the baseline's commits per second divided by the commits one instance needs at least: "
            + $"{N(complaintCeiling)} complaints/s ({ComplaintScenario.TriggersPerInstance} triggers each) and {N(straightCeiling)} straight-through instances/s (1 trigger each). "
            + $"WorkflowCore ran with its default {r.WorkflowCore.Workers} workflow threads (one per core). "
            + $"CPU busy is the process's CPU time over the wall time: {r.Environment.Cores} would be every core of this machine.");
        Line(md, "");
        Line(md, $"SQLite write-ahead log at the end of each engine run ({string.Join("/", r.Settings.WorkerCounts)} workers): complaint {Wal(r.Complaint)}; straight-through {Wal(r.StraightThrough)}.");
    }

    private static void Timers(StringBuilder md, WaitingTimersResult t)
    {
        Line(md, $"**(5) {N(t.Waiting)} instances waiting on a timer**, {N(t.Due)} of them due first:");
        Line(md, "");
        Line(md, $"| | {N(t.Due)} waiting | {N(t.Waiting)} waiting | Growth |");
        Line(md, "|---|---:|---:|---:|");
        Line(md, $"| Managed heap after a full GC (`GC.GetTotalMemory(true)`) | {Megabytes(t.ManagedBytesAtDue)} | {Megabytes(t.ManagedBytesAtAll)} | {Signed(t.ManagedBytesAtAll - t.ManagedBytesAtDue)} ({PerInstance(t.ManagedBytesAtAll - t.ManagedBytesAtDue, t.Waiting - t.Due)} per added instance) |");
        Line(md, $"| One poll for due work that finds nothing (`RunDueWorkAsync`) | {Millis(t.EmptyPollAtDue)} | {Millis(t.EmptyPollAtAll)} | {Ratio(t.EmptyPollAtAll.TotalMilliseconds, t.EmptyPollAtDue.TotalMilliseconds)} |");
        Line(md, "");
        Line(md, $"- Finding and firing the {N(t.Due)} due timers (`AdvanceClockAsync` by two hours, clock a `FakeTimeProvider`): "
            + $"**{Seconds(t.Fire.Elapsed)}**, {N(t.Fire.PerSecond)} timers/s ({Cores(t.Fire)} busy); each fired instance ran on to its end.");
        Line(md, $"- Starting the {N(t.Start.Count)} instances that keep waiting: {Seconds(t.Start.Elapsed)}, {N(t.Start.PerSecond)} instances/s on {t.Workers} workers ({Cores(t.Start)} busy).");
        Line(md, $"- On disk: the database file {Megabytes(t.DatabaseBytes)} ({Bytes(t.DatabaseBytes / (double)t.Waiting)} per instance), its write-ahead log {Megabytes(t.WalBytes)}.");
    }

    /// <summary>The profiling pass alone (<c>--profile</c>).</summary>
    public static string RenderProfile(IReadOnlyList<ProfileResult> profiles)
    {
        var md = new StringBuilder();
        Profile(md, profiles);
        return md.ToString();
    }

    private static void Profile(StringBuilder md, IReadOnlyList<ProfileResult> profiles)
    {
        Line(md, $"**Where an instance's time goes** (profiling pass, {N(profiles[0].Instances)} instances each, with an allocation sampler listening; per instance; "
            + "percentages are of the wall time):");
        Line(md, "");
        Line(md, "| Process | Workers | Wall time | CPU time | Write gate held | SQLite transactions | Allocated | GCs (gen0/gen2) |");
        Line(md, "|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var p in profiles)
        {
            Line(md, $"| {p.Name} | {p.Workers} | {F2(p.MillisecondsPerInstance(p.Elapsed))} ms | {Part(p, p.Timing.Cpu)} | {Part(p, p.GateHeld)} | "
                + $"{F2(p.PerInstance(p.Transactions))} | {Bytes(p.AllocatedBytesPerInstance)} | {p.Gen0Collections}/{p.Gen2Collections} |");
        }

        Line(md, "");
        var complaint = profiles[0];
        var calls = complaint.Calls;
        Line(md, $"Complaint, per call as the caller sees it (one worker): start {F2(calls.Start.TotalMilliseconds / complaint.Instances)} ms, "
            + $"task query {F2(calls.Query.TotalMilliseconds / (complaint.Instances * 4))} ms, complete {F2(calls.Complete.TotalMilliseconds / (complaint.Instances * 4))} ms. "
            + "The write gate is the group committer's: while it is held one transaction writes the triggers that met there, with SQLite's write "
            + "lock held; everything else a trigger does (its reads, the executor, building its rows) runs outside it, on any core.");
        Line(md, "");
        foreach (var p in profiles.Where(p => p.Workers == 1))
        {
            Line(md, $"<details><summary>Heaviest allocations, {p.Name} (GCAllocationTick samples, share of sampled bytes)</summary>");
            Line(md, "");
            Line(md, "By library: " + string.Join(", ", p.AllocationsByArea.Select(a => $"{a.Area} {Percent(a.Share)}")) + ".");
            Line(md, "");
            foreach (var (type, share) in p.TopAllocations)
            {
                Line(md, $"- {Percent(share)} `{type}`");
            }

            Line(md, "");
            Line(md, "</details>");
        }
    }

    private static string Part(ProfileResult p, TimeSpan part) =>
        $"{F2(p.MillisecondsPerInstance(part))} ms ({Percent(part / p.Elapsed)})";

    private static string Wal(WorkerSeries series) => string.Join(" / ", series.Runs.Select(m => Megabytes(m.WalBytes ?? 0)));

    private static void Row(StringBuilder md, string name, Measurement m, string ratio, string share) =>
        Line(md, $"| {name} | {m.Workers} | {N(m.Count)} | {Seconds(m.Elapsed)} | {Cores(m)} | {N(m.PerSecond)} | {ratio} | {share} |");

    private static string Cores(Measurement m) => m.Timing.Cores.ToString("0.00", Inv) + " cores";

    private static void Line(StringBuilder md, string text) => md.Append(text).Append('\n');

    private static string N(double value) => value.ToString(value < 10 ? "N1" : "N0", Inv);

    private static string F2(double value) => value.ToString("0.00", Inv);

    private static string Ratio(double value, double baseline) => (value / baseline).ToString(value / baseline < 10 ? "0.00" : "0", Inv) + "×";

    private static string Share(double rate, double ceiling) => Percent(rate / ceiling);

    private static string Percent(double fraction) => (fraction * 100).ToString("0", Inv) + " %";

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString(span.TotalSeconds < 10 ? "0.00" : "0.0", Inv) + " s";

    private static string Millis(TimeSpan span) => span.TotalMilliseconds.ToString("0.0", Inv) + " ms";

    private static string Megabytes(long bytes) => (bytes / 1_048_576.0).ToString("0.0", Inv) + " MB";

    private static string Signed(long bytes) => (bytes >= 0 ? "+" : "−") + (Math.Abs(bytes) / 1_048_576.0).ToString("0.00", Inv) + " MB";

    private static string PerInstance(long bytes, int instances)
    {
        var each = bytes / (double)instances;
        return Math.Abs(each) < 0.5 ? "0 B" : (each < 0 ? "−" : "+") + Bytes(Math.Abs(each));
    }

    private static string Bytes(double bytes) => Math.Abs(bytes) < 10_240
        ? bytes.ToString("0", Inv) + " B"
        : (bytes / 1024).ToString("0.0", Inv) + " KB";
}
