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
    // Set only on the async flow of a start-up hand-over (HandOverAsync): calls from anywhere else — requests,
    // Hangfire workers putting back an early timer — always schedule.
    private readonly AsyncLocal<Handover?> _handover = new();

    public void ScheduleTimer(Guid timerId, DateTimeOffset dueAt)
    {
        if (_handover.Value is { } handover && handover.SkipTimer(timerId, dueAt))
        {
            return;
        }

        jobs.Schedule<EngineJobs>(j => j.FireTimerAsync(timerId), dueAt);
    }

    public void ScheduleJob(Guid jobId, DateTimeOffset dueAt)
    {
        if (_handover.Value is { } handover && handover.SkipJob(jobId))
        {
            return;
        }

        jobs.Schedule<EngineJobs>(j => j.RunJobAsync(jobId), dueAt);
    }

    /// <summary>
    /// The start-up hand-over: every pending timer and ready async job of the database gets a Hangfire job, except
    /// those Hangfire's storage already holds a live job for (<see cref="LiveEngineJobs"/>) unless
    /// <paramref name="all"/>. With the in-memory storage a fresh process holds none, so everything is handed over;
    /// with the PostgreSQL storage, which keeps jobs across restarts and shares them between nodes, a restarted or an
    /// added node hands over only what no node's job covers (e.g. a timer committed just before a crash, before its
    /// job was written) instead of duplicating every delayed job.
    /// </summary>
    /// <param name="reschedule">The engine's pass over its rows (<c>ProcessEngine.RescheduleAllAsync</c>), which calls back into this scheduler.</param>
    /// <param name="all">Hand over every row again, as before this check (kept for comparison in bench/Cluster).</param>
    public async Task<HandoverResult> HandOverAsync(Func<Task<int>> reschedule, bool all = false)
    {
        ArgumentNullException.ThrowIfNull(reschedule);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var live = all ? null : LiveEngineJobs.Read(storage);
        var read = watch.Elapsed;
        var handover = new Handover(live);
        _handover.Value = handover; // flows into reschedule's awaits only; reverts when this method returns
        var pending = await reschedule();
        return new HandoverResult(pending, pending - handover.Skipped, handover.Skipped, read, watch.Elapsed);
    }

    private sealed class Handover(LiveEngineJobs? live)
    {
        public int Skipped { get; private set; }

        public bool SkipTimer(Guid timerId, DateTimeOffset dueAt) => Count(live?.HoldsTimer(timerId, dueAt) == true);

        public bool SkipJob(Guid jobId) => Count(live?.HoldsJob(jobId) == true);

        private bool Count(bool skip)
        {
            Skipped += skip ? 1 : 0;
            return skip;
        }
    }

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

/// <summary>What a start-up hand-over did.</summary>
/// <param name="Pending">Pending timers and ready async jobs found in the database.</param>
/// <param name="Scheduled">Of those, handed to Hangfire as new delayed jobs.</param>
/// <param name="AlreadyHeld">Of those, skipped because Hangfire already held a live job for them.</param>
/// <param name="ReadLiveJobs">Time spent reading Hangfire's live jobs.</param>
/// <param name="Elapsed">Time of the whole hand-over.</param>
public sealed record HandoverResult(int Pending, int Scheduled, int AlreadyHeld, TimeSpan ReadLiveJobs, TimeSpan Elapsed);

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
/// At start-up: create the database, then hand the pending timers and jobs to Hangfire — with the in-memory Hangfire
/// storage a restart forgets them, the database does not; with the PostgreSQL storage only those no live Hangfire
/// job covers (<see cref="HangfireJobScheduler.HandOverAsync"/>). <c>PropertyFlow:HandOver=All</c> hands over every
/// one again, as before that check (for comparison only).
/// </summary>
public sealed class EngineStartup(ProcessEngine engine, IJobScheduler scheduler, ShippedProcesses shipped, IConfiguration configuration,
    ILogger<EngineStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await engine.EnsureDatabaseAsync(cancellationToken);
        await DeployShippedAsync(cancellationToken);
        if (scheduler is not HangfireJobScheduler hangfire)
        {
            var count = await engine.RescheduleAllAsync(cancellationToken);
            logger.LogInformation("Engine ready; {Count} pending timers and jobs scheduled.", count);
            return;
        }

        var all = string.Equals(configuration["PropertyFlow:HandOver"], "All", StringComparison.OrdinalIgnoreCase);
        var result = await hangfire.HandOverAsync(() => engine.RescheduleAllAsync(cancellationToken), all);
        logger.LogInformation(
            "Engine ready; {Pending} pending timers and jobs: {Scheduled} handed to Hangfire, {Held} already held by a live Hangfire job; hand-over took {ElapsedMs:0} ms ({ReadMs:0} ms reading live jobs).",
            result.Pending, result.Scheduled, result.AlreadyHeld, result.Elapsed.TotalMilliseconds, result.ReadLiveJobs.TotalMilliseconds);
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
