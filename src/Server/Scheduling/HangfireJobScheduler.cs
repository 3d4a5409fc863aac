using Hangfire;
using PropertyFlow.Engine.Runtime;

namespace PropertyFlow.Server.Scheduling;

/// <summary>
/// Hands the engine's due work to Hangfire as delayed jobs. The engine's timer and job rows stay the truth:
/// a Hangfire job that runs twice, late, or after the timer was cancelled does nothing harmful.
/// </summary>
public sealed class HangfireJobScheduler(IBackgroundJobClient jobs) : IJobScheduler
{
    public void ScheduleTimer(Guid timerId, DateTimeOffset dueAt) =>
        jobs.Schedule<EngineJobs>(j => j.FireTimerAsync(timerId), dueAt);

    public void ScheduleJob(Guid jobId, DateTimeOffset dueAt) =>
        jobs.Schedule<EngineJobs>(j => j.RunJobAsync(jobId), dueAt);
}

/// <summary>The methods Hangfire calls; resolved from DI for each job.</summary>
public sealed class EngineJobs(ProcessEngine engine)
{
    [AutomaticRetry(Attempts = 3)]
    public Task FireTimerAsync(Guid timerId) => engine.FireTimerAsync(timerId);

    // The engine counts retries of async jobs itself (failedJobRetryTimeCycle); Hangfire must not add its own.
    [AutomaticRetry(Attempts = 0)]
    public Task RunJobAsync(Guid jobId) => engine.RunJobAsync(jobId);
}

/// <summary>
/// At start-up: create the database, then hand every pending timer and job to Hangfire again — with the
/// in-memory Hangfire storage a restart forgets them, the database does not.
/// </summary>
public sealed class EngineStartup(ProcessEngine engine, ILogger<EngineStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await engine.EnsureDatabaseAsync(cancellationToken);
        var count = await engine.RescheduleAllAsync(cancellationToken);
        logger.LogInformation("Engine ready; {Count} pending timers and jobs scheduled.", count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
