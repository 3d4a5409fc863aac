using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Workflows.Simulation;

// The community benchmark (docs/benchmarks.md, "Community"):
//   (a) monthly billing of one community of --billing-units units (default 10,000): one finance-billing run that makes a bill
//       per unit, a finance-collection instance per bill and its bill notice; beside it, the raw SQLite insert rate of the
//       same number of bill-sized rows in one transaction, in the same run;
//   (b) a --sim-days day (default 365) community simulation of --sim-units units (default 2,000).
// Markdown on standard output, progress on standard error.
var settings = Settings.Parse(args);
var culture = CultureInfo.InvariantCulture;
var load = Load();
Console.Error.WriteLine($"community bench: billing {settings.BillingUnits} units, simulation {settings.SimUnits} units × {settings.SimDays} days");

var billing = await BillingAsync(settings.BillingUnits);
var baseline = RawInserts(settings.BillingUnits);
Console.Error.WriteLine(string.Create(culture, $"billing done in {billing.Wall.TotalSeconds:0.0} s"));
var simulation = await SimulationAsync(settings.SimUnits, settings.SimDays);
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
    await host.Engine.RunDueWorkAsync(); // the collections' first steps (bill details, bill notice) run as jobs due now
    watch.Stop();
    var (instances, bills, notices) = await CountAsync(host);
    return new Measured(watch.Elapsed, instances, bills, notices, Peak(), Heap());
}

static async Task<Measured> SimulationAsync(int units, int days)
{
    Settle();
    var watch = Stopwatch.StartNew();
    var report = await CommunitySimulator.RunAsync(new CommunitySimulationOptions { Units = units, Duration = TimeSpan.FromDays(days) });
    watch.Stop();
    var kpis = report.Community;
    return new Measured(watch.Elapsed, kpis.InstancesStarted, kpis.BillsIssued, kpis.NoticesQueued, Peak(), Heap());
}

static async Task<(int Instances, int Bills, int Notices)> CountAsync(CommunityHost host)
{
    await using var engine = await host.EngineContexts.CreateDbContextAsync();
    await using var property = await host.Property.CreateDbContextAsync();
    await using var notices = await host.Notices.CreateDbContextAsync();
    return (await engine.Instances.CountAsync(), await property.Bills.CountAsync(), await notices.Notices.CountAsync());
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

internal sealed record Measured(TimeSpan Wall, int Instances, int Bills, int Notices, long PeakWorkingSet, long Heap);

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
