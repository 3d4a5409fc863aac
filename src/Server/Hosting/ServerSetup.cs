using Hangfire;
using PropertyFlow.Engine;
using PropertyFlow.Engine.Calendars;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Server.Scheduling;
using PropertyFlow.Workflows;

namespace PropertyFlow.Server.Hosting;

/// <summary>Settings of the server. Section <c>PropertyFlow</c>.</summary>
public sealed class ServerOptions
{
    /// <summary>
    /// SQLite file of the engine; relative paths are under the content root. Default <c>data/propertyflow.db</c>.
    /// Unused when <c>PropertyFlow:Database:Provider</c> is <c>PostgreSql</c> (see <see cref="DatabaseChoice"/>).
    /// </summary>
    public string Database { get; set; } = "data/propertyflow.db";

    /// <summary>IANA time zone for cron timers and working hours. Default <c>Asia/Shanghai</c>.</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>
    /// Business calendar file (working hours, holidays, 调休) for <c>pf:calendar="working"</c>; a relative path is looked
    /// for under the content root, then beside the server's binaries. Default <c>calendars/cn-mainland.json</c>.
    /// </summary>
    public string Calendar { get; set; } = "calendars/cn-mainland.json";

    /// <summary>
    /// Folder of the shipped processes (<c>*.bpmn</c>), deployed when the engine's database has no process yet, so the
    /// first start runs them; a relative path is looked for under the content root, then beside the server's
    /// binaries. Empty: deploy nothing. Default <c>workflows</c>.
    /// </summary>
    public string Workflows { get; set; } = "workflows";

    /// <summary>How often Hangfire looks for delayed jobs (timers) that came due. Default 1 second.</summary>
    public TimeSpan SchedulePollingInterval { get; set; } = TimeSpan.FromSeconds(1);
}

public static class ServerSetup
{
    /// <summary>
    /// The engine on SQLite, scheduled by Hangfire with its in-memory storage (one node); or, with
    /// <c>PropertyFlow:Database:Provider=PostgreSql</c>, everything on PostgreSQL with Hangfire's PostgreSQL storage
    /// (any number of nodes). See docs/operations.md.
    /// </summary>
    public static WebApplicationBuilder AddPropertyFlowServer(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("PropertyFlow").Get<ServerOptions>() ?? new ServerOptions();
        var database = builder.DatabaseChoice();
        if (database.SqlitePath is { } path)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);
        var calendar = BusinessCalendarFile.Load(ShippedPath(options.Calendar, builder.Environment.ContentRootPath, File.Exists), zone); // a bad file stops the start

        builder.AddPropertyFlowClock(); // the TimeProvider (a moved clock only in Development/Testing) and the due-work sweep
        builder.Services.AddPropertyFlowEngine(database.Engine, o =>
        {
            o.TimeZone = zone;
            o.Calendar = calendar;
        });

        // Before the engine's start-up and Hangfire, so the property tables exist before any handler runs.
        builder.Services.AddPropertyFlowDomain(database.Property, o => o.SeedDemoData = true);
        builder.Services.AddSingleton<IJobScheduler, HangfireJobScheduler>();
        builder.Services.AddTransient<EngineJobs>();
        builder.Services.AddHangfire(database.Hangfire);
        builder.Services.AddHangfireServer(o => o.SchedulePollingInterval = options.SchedulePollingInterval);
        builder.Services.AddSingleton(new ShippedProcesses(
            string.IsNullOrWhiteSpace(options.Workflows) ? null : ShippedPath(options.Workflows, builder.Environment.ContentRootPath, Directory.Exists)));
        builder.Services.AddHostedService<EngineStartup>();
        builder.AddPropertyFlowNoticeHosting(database, zone);
        return builder;
    }

    /// <summary>
    /// A shipped file or folder named by configuration: under the content root when it is there, else beside the
    /// server's binaries (where the build copies <c>calendars/</c> and <c>workflows/</c>), else the content-root path.
    /// </summary>
    private static string ShippedPath(string configured, string contentRoot, Func<string, bool> exists)
    {
        var underRoot = Path.GetFullPath(configured, contentRoot);
        var besideBinaries = Path.GetFullPath(configured, AppContext.BaseDirectory);
        return exists(underRoot) || !exists(besideBinaries) ? underRoot : besideBinaries;
    }

    /// <summary>The database every context of the server uses (<see cref="Hosting.DatabaseChoice"/>).</summary>
    public static DatabaseChoice DatabaseChoice(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return Hosting.DatabaseChoice.From(builder.Configuration, builder.DatabasePath());
    }

    /// <summary>The full path of the SQLite file (<see cref="ServerOptions.Database"/>), shared by the engine and the accounts.</summary>
    public static string DatabasePath(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("PropertyFlow").Get<ServerOptions>() ?? new ServerOptions();
        return Path.GetFullPath(options.Database, builder.Environment.ContentRootPath);
    }
}
