using Hangfire;
using Hangfire.Storage;
using PropertyFlow.Engine.Runtime;

namespace PropertyFlow.Server.Scheduling;

/// <summary>
/// Hands the engine's due work to Hangfire as delayed jobs. The engine's timer and job rows stay the truth:
/// a Hangfire job that runs twice, late, or after the timer was cancelled does nothing harmful.
/// </summary>
/// <remarks>
/// Timer start events also become Hangfire recurring jobs with the id <c>{processKey}:{startEventId}</c>, so the
/// dashboard lists billing, surveys and the other scheduled processes by name, and a new version with another
/// cycle updates the job. A cron cycle runs on its cron; an ISO-8601 cycle (<c>R/P1M</c>) has no cron form, so
/// its recurring job is listed with no schedule of its own (it can be triggered by hand) and the timer row's
/// delayed job starts each cycle.
/// </remarks>
public sealed class HangfireJobScheduler(IBackgroundJobClient jobs, IRecurringJobManager recurring, JobStorage storage) : IJobScheduler
{
    public void ScheduleTimer(Guid timerId, DateTimeOffset dueAt) =>
        jobs.Schedule<EngineJobs>(j => j.FireTimerAsync(timerId), dueAt);

    public void ScheduleJob(Guid jobId, DateTimeOffset dueAt) =>
        jobs.Schedule<EngineJobs>(j => j.RunJobAsync(jobId), dueAt);

    public void SyncRecurringStarts(string processKey, IReadOnlyList<RecurringStart> starts)
    {
        ArgumentNullException.ThrowIfNull(starts);
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var start in starts)
        {
            var id = RecurringJobId(start.ProcessKey, start.ElementId);
            wanted.Add(id);
            var key = start.ProcessKey;
            var element = start.ElementId;
            recurring.AddOrUpdate<EngineJobs>(
                id,
                j => j.FireStartTimersAsync(key, element),
                start.Cron ?? Cron.Never(),
                new RecurringJobOptions { TimeZone = start.TimeZone });
        }

        using var connection = storage.GetConnection();
        var prefix = processKey + ":";
        foreach (var stale in connection.GetRecurringJobs()
            .Where(j => j.Id.StartsWith(prefix, StringComparison.Ordinal) && j.Job?.Type == typeof(EngineJobs) && !wanted.Contains(j.Id)))
        {
            recurring.RemoveIfExists(stale.Id);
        }
    }

    /// <summary>The recurring job of a timer start event: named after its process.</summary>
    public static string RecurringJobId(string processKey, string startEventId) => $"{processKey}:{startEventId}";
}

/// <summary>The methods Hangfire calls; resolved from DI for each job.</summary>
public sealed class EngineJobs(ProcessEngine engine)
{
    [AutomaticRetry(Attempts = 3)]
    public Task FireTimerAsync(Guid timerId) => engine.FireTimerAsync(timerId);

    // The engine counts retries of async jobs itself (failedJobRetryTimeCycle); Hangfire must not add its own.
    [AutomaticRetry(Attempts = 0)]
    public Task RunJobAsync(Guid jobId) => engine.RunJobAsync(jobId);

    [AutomaticRetry(Attempts = 3)]
    [System.ComponentModel.DisplayName("Start {0} ({1})")]
    public Task FireStartTimersAsync(string processKey, string startEventId) => engine.FireStartTimersAsync(processKey, startEventId);
}

/// <summary>
/// At start-up: create the database, then hand every pending timer and job to Hangfire again — with the
/// in-memory Hangfire storage a restart forgets them, the database does not.
/// </summary>
public sealed class EngineStartup(ProcessEngine engine, ShippedProcesses shipped, ILogger<EngineStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await engine.EnsureDatabaseAsync(cancellationToken);
        await DeployShippedAsync(cancellationToken);
        var count = await engine.RescheduleAllAsync(cancellationToken);
        logger.LogInformation("Engine ready; {Count} pending timers and jobs scheduled.", count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// On the first start (no process deployed yet) deploys every shipped process. Later starts leave the
    /// definitions alone: a manager's newer version must never be replaced by the shipped one.
    /// </summary>
    private async Task DeployShippedAsync(CancellationToken ct)
    {
        if (shipped.Folder is not { } folder || !Directory.Exists(folder))
        {
            return;
        }

        if ((await engine.QueryDefinitionsAsync(ct: ct)).Count > 0)
        {
            return;
        }

        foreach (var file in Directory.GetFiles(folder, "*.bpmn").Order(StringComparer.Ordinal))
        {
            var result = await engine.DeployAsync(Path.GetFileName(file), await File.ReadAllTextAsync(file, ct), ct);
            logger.LogInformation("Deployed shipped process file {File}: {Processes}.", Path.GetFileName(file),
                string.Join(", ", result.Definitions.Select(d => $"{d.Key} v{d.Version}")));
        }
    }
}

/// <summary>Where the shipped process files are (null: none are deployed).</summary>
/// <param name="Folder">The folder of <c>*.bpmn</c> files.</param>
public sealed record ShippedProcesses(string? Folder);
