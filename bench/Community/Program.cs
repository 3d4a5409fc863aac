using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Workflows.Simulation;

// The community benchmark (docs/benchmarks.md, "Community"):
//   (a) monthly billing of one community of --billing-units units (default 10,000): one finance-billing run that makes a bill
//       per unit, a finance-collection instance per bill and its bill notice (started a batch per background job, each
//       collection in a job of its own: the measured window runs every job due); beside it, the raw SQLite insert rate of the
//       same number of bill-sized rows in one transaction, in the same run;
//   (b) a --sim-days day (default 365) community simulation of --sim-units units (default 2,000).
// Markdown on standard output, progress on standard error.
var settings = Settings.Parse(args);
var culture = CultureInfo.InvariantCulture;
var load = Load();
Console.Error.WriteLine($"community bench: billing {settings.BillingUnits} units, simulation {settings.SimUnits} units × {settings.SimDays} days");

var billing = settings.BillingUnits > 0 ? await BillingAsync(settings.BillingUnits) : Measured.None;
var baseline = settings.BillingUnits > 0 ? RawInserts(settings.BillingUnits) : TimeSpan.Zero;
Console.Error.WriteLine(string.Create(culture, $"billing done in {billing.Wall.TotalSeconds:0.0} s: {billing.Bills} bills, {billing.Collections} collections, {billing.Notices} notices, {billing.Incidents} incidents"));
var simulation = settings.SimUnits > 0 ? await SimulationAsync(settings.SimUnits, settings.SimDays) : Measured.None;
Console.Error.WriteLine(string.Create(culture, $"simulation done in {simulation.Wall.TotalSeconds:0.0} s"));
var loadAfter = Load();

var output = Console.Out;
output.WriteLine(string.Create(culture, $"Load average (1 min) before / after: {load} / {loadAfter}; {Environment.ProcessorCount} cores; .NET {Environment.Version}."));
output.WriteLine();
output.WriteLine("| scenario | wall time | instances started | instances / s | bills | notices queued | peak working set | GC heap after |");
output.WriteLine("|---|---|---|---|---|---|---|---|");
output.WriteLine(string.Create(culture,
    $"| monthly billing, {settings.BillingUnits:N0} units | {billing.Wall.TotalSeconds:0.0} s | {billing.Instances:N0} | {billing.Instances / billing.Wall.TotalSeconds:0.0} | {billing.Bills:N0} | {billing.Notices:N0} | {Mb(billing.PeakWorkingSet)} | {Mb(billing.Heap)} |"));
output.WriteLine(string.Create(culture,
    $"| simulation, {settings.SimUnits:N0} units × {settings.SimDays} days | {simulation.Wall.TotalSeconds:0.0} s | {simulation.Instances:N0} | {simulation.Instances / simulation.Wall.TotalSeconds:0.0} | {simulation.Bills:N0} | {simulation.Notices:N0} | {Mb(simulation.PeakWorkingSet)} | {Mb(simulation.Heap)} |"));
output.WriteLine();
output.WriteLine(string.Create(culture,
    $"Billing check: {billing.Bills:N0} bills, {billing.Collections:N0} collection instances started, {billing.Notices:N0} bill notices queued, {billing.Incidents:N0} incidents (each must equal the units, incidents 0)."));
output.WriteLine(string.Create(culture,
    $"Simulation: {simulation.Steps:N0} clock steps, {simulation.Incidents:N0} incidents."));
output.WriteLine();
output.WriteLine(string.Create(culture,
    $"Baseline in the same run: {settings.BillingUnits:N0} bill-sized rows inserted raw into SQLite in one transaction took {baseline.TotalSeconds:0.000} s ({settings.BillingUnits / baseline.TotalSeconds:0} rows/s); billing made {billing.Bills / billing.Wall.TotalSeconds:0.0} bills/s with their collection instances and notices, {baseline.TotalSeconds / billing.Wall.TotalSeconds:0.0000}× the raw rate."));
return 0;

static async Task<Measured> BillingAsync(int units)
{
    var options = new CommunitySimulationOptions();
    var sources = await CommunityHost.ShippedAsync(options.WorkflowsFolder);
    await using var host = await CommunityHost.CreateAsync(options.CommunityCode, units, options.Start, options.Simulation.Engine, sources);
    Settle();
    var watch = Stopwatch.StartNew();
    await host.Engine.StartAsync("finance-billing", new StartOptions
    {
        Variables = new Dictionary<string, object?> { ["community"] = options.CommunityCode, ["period"] = "2026-02" },
    });
    // The billing trigger only bills and queues a job per batch of bills; each batch job queues a job per bill, which
    // starts that bill's collection (bill details, bill notice). All are due now: the window ends when none is left.
    await host.Engine.RunDueWorkAsync();
    watch.Stop();
    var (instances, collections, bills, notices, incidents) = await CountAsync(host);
    return new Measured(watch.Elapsed, instances, bills, notices, Peak(), Heap()) { Collections = collections, Incidents = incidents };
}

static async Task<Measured> SimulationAsync(int units, int days)
{
    Settle();
    var watch = Stopwatch.StartNew();
    var report = await CommunitySimulator.RunAsync(new CommunitySimulationOptions { Units = units, Duration = TimeSpan.FromDays(days) });
    watch.Stop();
    var kpis = report.Community;
    return new Measured(watch.Elapsed, kpis.InstancesStarted, kpis.BillsIssued, kpis.NoticesQueued, Peak(), Heap()) { Incidents = kpis.Incidents, Steps = report.Engine.Steps };
}

static async Task<(int Instances, int Collections, int Bills, int Notices, int Incidents)> CountAsync(CommunityHost host)
{
    await using var engine = await host.EngineContexts.CreateDbContextAsync();
    await using var property = await host.Property.CreateDbContextAsync();
    await using var notices = await host.Notices.CreateDbContextAsync();
    return (await engine.Instances.CountAsync(), await engine.Instances.CountAsync(i => i.ProcessKey == "finance-collection"),
        await property.Bills.CountAsync(), await notices.Notices.CountAsync(), await engine.Incidents.CountAsync());
}

// The floor: the same number of rows of about a bill's size, inserted with one prepared statement in one transaction.
static TimeSpan RawInserts(int rows)
{
    var folder = Directory.CreateTempSubdirectory("pf-bench-raw-");
    var path = Path.Combine(folder.FullName, "raw.db");
    try
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = "PRAGMA journal_mode=WAL; CREATE TABLE bill(id TEXT PRIMARY KEY, unit TEXT, period TEXT, reference TEXT, principal TEXT, due TEXT, status TEXT, issued INTEGER);";
            create.ExecuteNonQuery();
        }

        var watch = Stopwatch.StartNew();
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO bill VALUES ($id, $unit, '2026-02', $reference, '245.50', '2026-02-15', 'Open', 0)";
        var id = insert.Parameters.Add("$id", SqliteType.Text);
        var unit = insert.Parameters.Add("$unit", SqliteType.Text);
        var reference = insert.Parameters.Add("$reference", SqliteType.Text);
        for (var i = 0; i < rows; i++)
        {
            id.Value = Guid.NewGuid().ToString();
            unit.Value = i.ToString(CultureInfo.InvariantCulture);
            reference.Value = "SG-202602-" + i.ToString(CultureInfo.InvariantCulture);
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
        return watch.Elapsed;
    }
    finally
    {
        SqliteConnection.ClearAllPools();
        folder.Delete(recursive: true);
    }
}

static long Peak()
{
    using var self = Process.GetCurrentProcess();
    return self.PeakWorkingSet64;
}

static void Settle()
{
    GC.Collect();
    GC.WaitForPendingFinalizers();
    GC.Collect();
}

static long Heap()
{
    Settle();
    return GC.GetGCMemoryInfo(GCKind.FullBlocking).HeapSizeBytes;
}

static string Mb(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024.0):0} MB");

static string Load()
{
    try
    {
        return File.ReadAllText("/proc/loadavg").Split(' ')[0];
    }
    catch (IOException)
    {
        return "n/a";
    }
}

internal sealed record Measured(TimeSpan Wall, int Instances, int Bills, int Notices, long PeakWorkingSet, long Heap)
{
    public static Measured None { get; } = new(TimeSpan.FromTicks(1), 0, 0, 0, 0, 0);

    public int Collections { get; init; }

    public int Incidents { get; init; }

    public long Steps { get; init; }
}

internal sealed record Settings(int BillingUnits, int SimUnits, int SimDays)
{
    public static Settings Parse(string[] args)
    {
        var billing = 10_000;
        var units = 2_000;
        var days = 365;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--billing-units": billing = value; break;
                case "--sim-units": units = value; break;
                case "--sim-days": days = value; break;
                default: throw new ArgumentException($"Unknown option {args[i]}; use --billing-units N, --sim-units N, --sim-days D.");
            }
        }

        return new Settings(billing, units, days);
    }
}
