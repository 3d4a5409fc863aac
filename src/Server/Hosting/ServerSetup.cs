using Hangfire;
using PropertyFlow.Engine;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Server.Scheduling;

namespace PropertyFlow.Server.Hosting;

/// <summary>Settings of the server. Section <c>PropertyFlow</c>.</summary>
public sealed class ServerOptions
{
    /// <summary>SQLite file of the engine; relative paths are under the content root. Default <c>data/propertyflow.db</c>.</summary>
    public string Database { get; set; } = "data/propertyflow.db";

    /// <summary>IANA time zone for cron timers and working hours. Default <c>Asia/Shanghai</c>.</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>How often Hangfire looks for delayed jobs (timers) that came due. Default 1 second.</summary>
    public TimeSpan SchedulePollingInterval { get; set; } = TimeSpan.FromSeconds(1);
}

public static class ServerSetup
{
    /// <summary>The engine on SQLite, scheduled by Hangfire (in-memory storage on one node).</summary>
    public static WebApplicationBuilder AddPropertyFlowServer(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("PropertyFlow").Get<ServerOptions>() ?? new ServerOptions();
        var path = Path.GetFullPath(options.Database, builder.Environment.ContentRootPath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);

        builder.Services.AddPropertyFlowEngine(db => db.UseEngineSqlite(path), o => o.TimeZone = zone);
        builder.Services.AddSingleton<IJobScheduler, HangfireJobScheduler>();
        builder.Services.AddTransient<EngineJobs>();
        builder.Services.AddHangfire(h => h.UseInMemoryStorage());
        builder.Services.AddHangfireServer(o => o.SchedulePollingInterval = options.SchedulePollingInterval);
        builder.Services.AddHostedService<EngineStartup>();
        builder.AddPropertyFlowNoticeHosting(path, zone);
        return builder;
    }
}
