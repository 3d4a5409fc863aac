using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Text;

namespace PropertyFlow.Bench.Cluster;

/// <summary>
/// <c>dotnet run -c Release --project bench/Cluster -- [--quick] [--postgres CONN] [--clients N] [--seconds N]
/// [--max-iterations N] [--timers N] [--no-compare-all] [--doc docs/benchmarks.md]</c>. Markdown on standard output,
/// progress on standard error.
/// </summary>
internal static class BenchProgram
{
    public static async Task<int> Main(string[] args)
    {
        var settings = ClusterSettings.Parse(args);
        if (settings is null)
        {
            Console.Error.WriteLine("usage: [--quick] [--postgres CONN] [--clients N] [--seconds N] [--max-iterations N] [--timers N] [--no-compare-all] [--doc FILE]");
            return 2;
        }

        var log = Console.Error;
        var report = await RunAsync(settings, log);
        Console.WriteLine(report);
        if (settings.DocPath is { } doc)
        {
            PropertyFlow.Bench.WebConsole.DocSection.Write(doc, "cluster", report);
            log.WriteLine($"written to {doc}");
        }

        return 0;
    }

    private static async Task<string> RunAsync(ClusterSettings settings, TextWriter log)
    {
        var total = Stopwatch.StartNew();
        var loadBefore = LoadAverage();
        var bound = TimeSpan.FromSeconds(settings.Seconds);
        // Warm-up: enough iterations that every client started a complaint too (first-use costs: JIT, the domain, the
        // notice templates), bounded by a minute; not counted.
        var warm = TimeSpan.FromSeconds(60);
        var warmIterations = settings.Clients * 4;
        await using var cluster = await PostgresCluster.StartAsync(settings.Postgres, Repository.Root, log);
        var conn = cluster.ConnectionString;

        log.WriteLine("baseline: raw PostgreSQL one-row inserts");
        var raw = await LoadRun.RawInsertsAsync(conn, settings.Clients, bound, settings.MaxIterations * 4);

        Phase health1, one, health2, two;
        TimeSpan firstStart;
        await using (var node1 = await ServerNode.StartAsync("node 1", conn, log))
        {
            firstStart = node1.StartToReady;
            using (var manager = await node1.SignedInClientAsync("manager"))
            using (var xml = new StringContent(PropertyFlow.Bench.WebConsole.BenchProcess.OneTask, Encoding.UTF8, new MediaTypeHeaderValue("application/xml")))
            using (var deployed = await manager.PostAsync(new Uri("/api/definitions?name=bench-task.bpmn", UriKind.Relative), xml))
            {
                deployed.EnsureSuccessStatusCode();
            }

            log.WriteLine("one node: warm-up, /healthz, workload");
            await LoadRun.WorkloadAsync("warm1", [node1], settings.Clients, warm, warmIterations);
            health1 = await LoadRun.HealthAsync([node1], settings.Clients, bound, settings.MaxIterations * 4);
            one = await LoadRun.WorkloadAsync("one", [node1], settings.Clients, bound, settings.MaxIterations);
            log.WriteLine(Summary(one));

            await using var node2 = await ServerNode.StartAsync("node 2", conn, log);
            log.WriteLine("two nodes: warm-up, /healthz, workload");
            await LoadRun.WorkloadAsync("warm2", [node2], settings.Clients, warm, warmIterations);
            health2 = await LoadRun.HealthAsync([node1, node2], settings.Clients, bound, settings.MaxIterations * 4);
            two = await LoadRun.WorkloadAsync("two", [node1, node2], settings.Clients, bound, settings.MaxIterations);
            log.WriteLine(Summary(two));
        }

        log.WriteLine($"take-over: seeding {settings.Timers:N0} waiting instances");
        NodeStart restart;
        TimeSpan seeding;
        await using (var node = await ServerNode.StartAsync("restart before seeding", conn, log))
        {
            restart = new NodeStart("restart before seeding (the load phase's timers)", node.StartToReady, node.Handover, node.ReadyLine);
            seeding = await Takeover.SeedAsync(node, conn, settings.Timers);
        }

        var seeded = await Takeover.CountAsync(conn);
        log.WriteLine($"seeded: {seeded.Timers:N0} pending timers, {seeded.Scheduled:N0} scheduled Hangfire jobs");
        var starts = new List<NodeStart> { restart };
        starts.Add(await Takeover.StartOnceAsync("fresh node; Hangfire holds none of the seeded timers", conn, log));
        starts.Add(await Takeover.StartOnceAsync("fresh node; Hangfire holds them all (the default check)", conn, log));
        if (settings.CompareAll)
        {
            starts.Add(await Takeover.StartOnceAsync("fresh node; `PropertyFlow:HandOver=All` (every timer again, as before the check)", conn, log, handOverAll: true));
        }

        var after = await Takeover.CountAsync(conn);
        total.Stop();
        return Report(settings, cluster, raw, health1, one, health2, two, firstStart, seeding, seeded, starts, after, loadBefore, LoadAverage(), total.Elapsed);
    }

    private static string Summary(Phase p) => string.Create(CultureInfo.InvariantCulture,
        $"{p.Name}: {p.Requests:N0} requests in {p.Wall.TotalSeconds:0.0} s = {p.RequestsPerSecond:0} requests/s, {p.Errors} errors {string.Join("; ", p.Ops.Where(o => o.LastError is not null).Select(o => o.Name + ": " + o.LastError))}");

    private static string Report(ClusterSettings settings, PostgresCluster cluster, Phase raw, Phase health1, Phase one, Phase health2, Phase two,
        TimeSpan firstStart, TimeSpan seeding, (long Timers, long Scheduled) seeded, List<NodeStart> starts, (long Timers, long Scheduled) after,
        string? loadBefore, string? loadAfter, TimeSpan total)
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(c, $"Measured {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC on {CpuModel()}, {Environment.ProcessorCount} cores, {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}, PostgreSQL {cluster.Version}{(cluster.Throwaway ? " (throwaway cluster from scripts/postgres.sh: loopback, `fsync=off`, `synchronous_commit=off`)" : "")}; {settings.Clients} clients, each phase bounded by {settings.Seconds} s and {settings.MaxIterations:N0} iterations; the whole run took {total.TotalSeconds:0} s; one-minute load average {loadBefore ?? "?"} before and {loadAfter ?? "?"} after. The load generator, both server nodes and PostgreSQL share the same {Environment.ProcessorCount} cores.");
        sb.AppendLine();
        sb.AppendLine("**Load through the REST API** (requests per second of wall time; an iteration = start a one-task instance, query its task, complete it, and every fourth iteration start a complaint):");
        sb.AppendLine();
        sb.AppendLine("| Phase | Nodes | Iterations | Requests | Wall time | Requests/s | Iterations/s | Errors | Against the baseline on the same nodes |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---|");
        void Row(Phase p, Phase? baseline) => sb.AppendLine(c,
            $"| {p.Name switch { "one" => "**workload**", "two" => "**workload**", _ => p.Name }} | {(p.Nodes == 0 ? "—" : p.Nodes.ToString(c))} | {p.Iterations:N0} | {p.Requests:N0} | {p.Wall.TotalSeconds:0.0} s | {p.RequestsPerSecond:N0} | {p.Iterations / p.Wall.TotalSeconds:N0} | {p.Errors} | {(baseline is null ? "" : string.Create(c, $"{p.RequestsPerSecond / baseline.RequestsPerSecond:0.000}× GET /healthz"))} |");
        Row(health1, null);
        Row(one, health1);
        Row(health2, null);
        Row(two, health2);
        Row(raw, null);
        sb.AppendLine();
        sb.AppendLine(c, $"- **Two nodes / one node: {two.RequestsPerSecond / one.RequestsPerSecond:0.00}×** for the workload; {health2.RequestsPerSecond / health1.RequestsPerSecond:0.00}× for `GET /healthz` (the host alone, no database).");
        sb.AppendLine(c, $"- Against the database's own limit in the same run ({raw.RequestsPerSecond:N0} one-row INSERT + COMMIT per second from {settings.Clients} connections): one node's workload {one.RequestsPerSecond / raw.RequestsPerSecond:0.000}×, two nodes' {two.RequestsPerSecond / raw.RequestsPerSecond:0.000}×.");
        sb.AppendLine(c, $"- The first node's start on the empty database (migrations, shipped processes deployed, demo data seeded): {firstStart.TotalSeconds:0.0} s.");
        foreach (var error in new[] { one, two }.SelectMany(p => p.Ops.Where(o => o.LastError is not null).Select(o => (p, o))))
        {
            sb.AppendLine(c, $"- Errors in {error.p.Name}-node phase, {error.o.Name}: {error.o.Errors}; last: `{error.o.LastError!.ReplaceLineEndings(" ")}`");
        }

        sb.AppendLine();
        sb.AppendLine("| Request | Nodes | Count | Median | p95 |");
        sb.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var p in new[] { health1, one, health2, two, raw })
        {
            foreach (var op in p.Ops)
            {
                sb.AppendLine(c, $"| {op.Name} | {(p.Nodes == 0 ? "—" : p.Nodes.ToString(c))} | {op.Count:N0} | {op.Percentile(50):0.0} ms | {op.Percentile(95):0.0} ms |");
            }
        }

        sb.AppendLine();
        sb.AppendLine(c, $"**Take-over of {seeded.Timers:N0} pending timers** (seeded in {seeding.TotalSeconds:0.0} s: one instance through the API, copied in the engine's tables by SQL; {seeded.Scheduled:N0} scheduled Hangfire jobs at that point). Each row is a fresh server process on the same database, timed from process start to the engine's ready line, which follows its hand-over:");
        sb.AppendLine();
        sb.AppendLine("| Node start | Start → ready | Pending timers and jobs | Handed to Hangfire | Already held by a live job | Hand-over itself |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var s in starts)
        {
            sb.AppendLine(s.Handover is { } h
                ? string.Create(c, $"| {s.What} | {s.StartToReady.TotalSeconds:0.0} s | {h.Pending:N0} | {h.Scheduled:N0} | {h.Held:N0} | {h.Ms / 1000:0.0} s ({(h.Scheduled > 0 ? string.Create(c, $"{h.Scheduled / (h.Ms / 1000):N0} jobs/s") : "none written")}) |")
                : string.Create(c, $"| {s.What} | {s.StartToReady.TotalSeconds:0.0} s | | | | `{s.ReadyLine}` |"));
        }

        sb.AppendLine();
        sb.AppendLine(c, $"At the end: {after.Timers:N0} pending timers, {after.Scheduled:N0} scheduled Hangfire jobs (more than the timers only where a start handed over everything again: those duplicates are harmless, the second delivery finds the timer gone, but each costs a row and a poll).");
        return sb.ToString();
    }

    private static string CpuModel()
    {
        var line = File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal)) : null;
        return line?.Split(':', 2)[1].Trim() ?? RuntimeInformation.ProcessArchitecture.ToString();
    }

    private static string? LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : null;
}
