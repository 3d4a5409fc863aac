using Hangfire;
using Hangfire.Common;
using Hangfire.Storage.Monitoring;

namespace PropertyFlow.Server.Scheduling;

/// <summary>
/// The engine's timers and jobs that Hangfire's storage already holds a live job for — scheduled, enqueued or being
/// processed — read through Hangfire's monitoring API, page by page. With the PostgreSQL storage these survive a
/// restart and are shared by every node; with the in-memory storage a fresh process holds none.
/// </summary>
/// <remarks>
/// Read before the engine's rows: a job that runs while the pages are read either fired its timer (the row is gone
/// when the rows are read) or put it back (early delivery: a new live job). A job missed because it moved between
/// pages only costs a duplicate delayed job, which is harmless — nothing is ever skipped without a live job seen.
/// </remarks>
public sealed class LiveEngineJobs
{
    private readonly Dictionary<Guid, DateTimeOffset> _timers = [];
    private readonly HashSet<Guid> _jobs = [];

    /// <summary>Timer ids with a live job.</summary>
    public int TimerCount => _timers.Count;

    /// <summary>Async-job ids with a live job.</summary>
    public int JobCount => _jobs.Count;

    /// <summary>
    /// True when a live job will deliver the timer no later than <paramref name="dueAt"/> (a job already enqueued or
    /// running counts as due now). A job that would deliver it later does not count: the timer gets its own.
    /// </summary>
    public bool HoldsTimer(Guid timerId, DateTimeOffset dueAt) => _timers.TryGetValue(timerId, out var at) && at <= dueAt.AddSeconds(1);

    /// <summary>True when a live job will run the engine's async job.</summary>
    public bool HoldsJob(Guid jobId) => _jobs.Contains(jobId);

    /// <summary>Reads every live job of <see cref="EngineJobs"/> from the storage, <paramref name="pageSize"/> at a time.</summary>
    public static LiveEngineJobs Read(JobStorage storage, int pageSize = 5_000)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var live = new LiveEngineJobs();
        var api = storage.GetMonitoringApi();
        ReadPages(from => api.ScheduledJobs(from, pageSize), pageSize, dto => live.Add(dto.Job, dto.EnqueueAt));
        ReadPages(from => api.ProcessingJobs(from, pageSize), pageSize, dto => live.Add(dto.Job, DateTime.MinValue));
        foreach (var queue in api.Queues())
        {
            ReadPages(from => api.EnqueuedJobs(queue.Name, from, pageSize), pageSize, dto => live.Add(dto.Job, DateTime.MinValue));
        }

        return live;
    }

    private static void ReadPages<T>(Func<int, JobList<T>> page, int pageSize, Action<T> add)
    {
        for (var from = 0; ; from += pageSize)
        {
            var list = page(from);
            foreach (var entry in list)
            {
                if (entry.Value is { } dto)
                {
                    add(dto);
                }
            }

            if (list.Count < pageSize)
            {
                return;
            }
        }
    }

    private void Add(Job? job, DateTime runAtUtc)
    {
        if (job?.Type != typeof(EngineJobs) || job.Args is not [Guid id])
        {
            return;
        }

        var at = new DateTimeOffset(DateTime.SpecifyKind(runAtUtc, DateTimeKind.Utc));
        switch (job.Method.Name)
        {
            case nameof(EngineJobs.FireTimerAsync):
                _timers[id] = _timers.TryGetValue(id, out var known) && known < at ? known : at;
                break;
            case nameof(EngineJobs.RunJobAsync):
                _jobs.Add(id);
                break;
        }
    }
}
