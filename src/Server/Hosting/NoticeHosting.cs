using Hangfire;
using Microsoft.EntityFrameworkCore;
using PropertyFlow.Workflows.Notices;
using PropertyFlow.Workflows.Notices.Outbox;
using PropertyFlow.Workflows.Notices.Transport;

namespace PropertyFlow.Server.Hosting;

/// <summary>The notice module in the server: configuration, start-up and the dispatch job.</summary>
public static class NoticeHosting
{
    /// <summary>
    /// Notices on the engine's database (<paramref name="database"/>), configured from
    /// <c>PropertyFlow:Notices</c> and <c>PropertyFlow:Smtp</c>; no SMTP host means <c>.eml</c> files in the pickup folder.
    /// </summary>
    public static WebApplicationBuilder AddPropertyFlowNoticeHosting(this WebApplicationBuilder builder, DatabaseChoice database, TimeZoneInfo zone)
    {
        builder.Services.AddPropertyFlowNotices(
            database.Notice,
            notices =>
            {
                var section = builder.Configuration.GetSection("PropertyFlow:Notices");
                section.Bind(notices);
                // Binding a list appends to its defaults; configured delays replace them.
                if (section.GetSection("RetryDelays").Get<TimeSpan[]>() is { Length: > 0 } delays)
                {
                    notices.RetryDelays = delays;
                }

                notices.PickupFolder = Path.GetFullPath(notices.PickupFolder, builder.Environment.ContentRootPath);
                notices.TimeZone = zone;
            },
            smtp => builder.Configuration.GetSection("PropertyFlow:Smtp").Bind(smtp));
        builder.Services.AddTransient<NoticeJobs>();
        builder.Services.AddSingleton<INoticeQueuedListener, DispatchSoon>();
        builder.Services.AddHostedService<NoticeStartup>();
        return builder;
    }
}

/// <summary>The Hangfire job that empties the notice outbox (recurring job <c>notices-dispatch</c>, every minute).</summary>
public sealed class NoticeJobs(NoticeDispatcher dispatcher)
{
    /// <summary>Rounds one run may take; failing notices wait for their next attempt, so rounds end well before this.</summary>
    private const int MaxRounds = 100;

    // The outbox counts attempts and schedules retries itself; Hangfire must not add its own.
    [AutomaticRetry(Attempts = 0)]
    public async Task DispatchAsync(CancellationToken cancellationToken)
    {
        for (var round = 0; round < MaxRounds && (await dispatcher.DispatchDueAsync(cancellationToken)).Claimed > 0; round++)
        {
        }
    }
}

/// <summary>Sends newly queued notices within seconds instead of at the next minute: one dispatch job per enqueue.</summary>
internal sealed class DispatchSoon(IBackgroundJobClient jobs, ILogger<DispatchSoon> logger) : INoticeQueuedListener
{
    public void NoticesQueued(int count)
    {
        try
        {
            jobs.Enqueue<NoticeJobs>(j => j.DispatchAsync(CancellationToken.None));
        }
        catch (Exception e)
        {
            // The notices are safe in the outbox; the minutely job sends them.
            logger.LogWarning("Could not start an immediate notice dispatch ({Error}); the next scheduled round sends the {Count} notices.", e.Message, count);
        }
    }
}

/// <summary>At start-up: create or update the notice tables, then schedule the dispatcher every minute.</summary>
public sealed class NoticeStartup(
    IDbContextFactory<NoticeDbContext> contexts,
    IRecurringJobManager recurringJobs,
    INoticeTransport transport,
    ILogger<NoticeStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await NoticeDatabase.MigrateAsync(contexts, cancellationToken);
        recurringJobs.AddOrUpdate<NoticeJobs>("notices-dispatch", j => j.DispatchAsync(CancellationToken.None), Cron.Minutely());
        logger.LogInformation("Notices ready; they go to {Transport}.", transport.Description);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
