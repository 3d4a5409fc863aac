namespace PropertyFlow.Engine.Runtime;

/// <summary>
/// Hands due work to whatever runs it: Hangfire in the server, nothing in tests and the simulator (which
/// poll the database through <see cref="ProcessEngine.RunDueWorkAsync"/>). The database rows are the truth;
/// a scheduler only makes them run on time, and may deliver twice — the engine acts once.
/// </summary>
public interface IJobScheduler
{
    /// <summary>Run <see cref="ProcessEngine.FireTimerAsync"/> for this timer at <paramref name="dueAt"/>.</summary>
    void ScheduleTimer(Guid timerId, DateTimeOffset dueAt);

    /// <summary>Run <see cref="ProcessEngine.RunJobAsync"/> for this job at <paramref name="dueAt"/>.</summary>
    void ScheduleJob(Guid jobId, DateTimeOffset dueAt);

    /// <summary>
    /// Replaces the recurring schedules kept for one process with its newest version's timer start events
    /// (an empty list removes them). Called after a deploy changes them and, for every process, at start-up.
    /// A recurring trigger calls <see cref="ProcessEngine.FireStartTimersAsync"/>; the pending timer row
    /// still decides, so a cycle starts one instance however many triggers arrive.
    /// </summary>
    void SyncRecurringStarts(string processKey, IReadOnlyList<RecurringStart> starts)
    {
    }
}

/// <summary>A timer start event of the newest version of a process, as a scheduler sees it.</summary>
/// <param name="ProcessKey">The process id in the BPMN file.</param>
/// <param name="ProcessName">The process name, for display.</param>
/// <param name="ElementId">The start event.</param>
/// <param name="Expression">The timer text (ISO-8601 date or cycle, or cron).</param>
/// <param name="Cron">The cycle in Cronos/Hangfire cron syntax; null when it is not a cron cycle.</param>
/// <param name="TimeZone">The zone the cycle's local times are read in.</param>
public sealed record RecurringStart(string ProcessKey, string? ProcessName, string ElementId, string Expression, string? Cron, TimeZoneInfo TimeZone);

/// <summary>The scheduler that schedules nothing: due work is found by polling.</summary>
public sealed class PollingOnlyScheduler : IJobScheduler
{
    public void ScheduleTimer(Guid timerId, DateTimeOffset dueAt)
    {
    }

    public void ScheduleJob(Guid jobId, DateTimeOffset dueAt)
    {
    }
}
