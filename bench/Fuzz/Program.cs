using System.Diagnostics;
using System.Globalization;
using System.Text;
using FsCheck.Fluent;
using PropertyFlow.Bench.WebConsole;
using PropertyFlow.Engine.Parsing;
using PropertyFlow.Engine.Tests.Parsing;

// The parser on hostile uploads: every shipped process mutated the way the fuzz tests mutate it (BpmnMutator),
// each mutant parsed once and timed, beside the unmutated file parsed in the same run (the baseline). The tests
// only catch hangs (a generous bound that holds on a loaded CI machine); the "under a second" of issue 6 is read
// here. Usage: dotnet run -c Release --project bench/Fuzz -- [--mutants N] [--seed S] [--doc docs/benchmarks.md]
var mutants = 1_000;
var seed = 20261127UL;
string? doc = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--mutants" when i + 1 < args.Length && int.TryParse(args[i + 1], out var n) && n > 0:
            mutants = n;
            i++;
            break;
        case "--seed" when i + 1 < args.Length && ulong.TryParse(args[i + 1], out var s):
            seed = s;
            i++;
            break;
        case "--doc" when i + 1 < args.Length:
            doc = args[++i];
            break;
        default:
            Console.Error.WriteLine($"unknown or incomplete option: {args[i]}");
            Console.Error.WriteLine("usage: PropertyFlow.Bench.Fuzz [--mutants N] [--seed S] [--doc FILE]");
            return 2;
    }
}

var dir = Path.Combine(AppContext.BaseDirectory, "workflows");
var files = Directory.GetFiles(dir, "*.bpmn").Order(StringComparer.Ordinal).ToArray();
var parser = new BpmnParser();
var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
var started = Stopwatch.StartNew();
var rows = new List<string>();
var slowest = TimeSpan.Zero;
var total = 0;
foreach (var file in files)
{
    var original = File.ReadAllText(file);
    for (var warm = 0; warm < 20; warm++)
    {
        parser.Parse(original);
    }

    var baseline = Median(Enumerable.Range(0, 50).Select(_ => Time(() => parser.Parse(original))).ToList());
    var samples = BpmnMutator.Mutations.Sample(mutants, new FsCheck.Rnd(seed), 60);
    var times = new List<TimeSpan>(samples.Length);
    var refused = 0;
    foreach (var mutations in samples)
    {
        var xml = BpmnMutator.Apply(original, mutations);
        var deployable = true;
        times.Add(Time(() => deployable = parser.Parse(xml).IsDeployable));
        refused += deployable ? 0 : 1;
    }

    times.Sort();
    var max = times[^1];
    slowest = max > slowest ? max : slowest;
    total += times.Count;
    rows.Add(string.Create(CultureInfo.InvariantCulture,
        $"| {Path.GetFileName(file)} | {original.Length / 1024.0:F1} KB | {Ms(baseline)} | {times.Count:N0} ({refused:N0} refused) | {Ms(Median(times))} | {Ms(times[(int)(times.Count * 0.99) - 1])} | {Ms(max)} | {max / baseline:F1}× |"));
}

var report = new StringBuilder()
    .AppendLine("## Parser on mutated uploads (issue 6)")
    .AppendLine()
    .AppendLine(string.Create(CultureInfo.InvariantCulture,
        $"Run {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, one-minute load average {load} before; {mutants:N0} mutants per shipped file (seed {seed}, the fuzz tests' mutations), each parsed once; took {started.Elapsed.TotalSeconds:F0} s. Command: `dotnet run -c Release --project bench/Fuzz -- --doc docs/benchmarks.md`."))
    .AppendLine()
    .AppendLine("| File | Size | Unmutated parse (baseline, median of 50) | Mutants | Median | 99th percentile | Slowest | Slowest ÷ baseline |")
    .AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
rows.ForEach(r => report.AppendLine(r));
report.AppendLine()
    .AppendLine(string.Create(CultureInfo.InvariantCulture,
        $"Slowest of all {total:N0} mutants: **{Ms(slowest)}** — the bound is one second per upload. The fuzz tests assert only a ten-second hang bound, which holds on a loaded CI machine."));

Console.Write(report);
if (doc is not null)
{
    DocSection.Write(doc, "fuzz", report.ToString());
    Console.WriteLine($"wrote the fuzz section of {doc}");
}

return 0;

static TimeSpan Time(Action action)
{
    var clock = Stopwatch.StartNew();
    action();
    return clock.Elapsed;
}

static TimeSpan Median(List<TimeSpan> times)
{
    var sorted = times.Order().ToList();
    return sorted[sorted.Count / 2];
}

static string Ms(TimeSpan t) => string.Create(CultureInfo.InvariantCulture, $"{t.TotalMilliseconds:F2} ms");
