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
}

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
