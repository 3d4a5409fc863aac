using System.Globalization;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Workflows.Domain;

namespace PropertyFlow.Workflows.Queries;

/// <summary>Where one step of a complaint stands against what was promised.</summary>
public enum PromiseStatus
{
    /// <summary>Not reached yet.</summary>
    Waiting,

    /// <summary>In progress, inside its promised time.</summary>
    OnTime,

    /// <summary>In progress, past its promised time (the owner was given a new one, or it is simply overdue).</summary>
    Late,

    /// <summary>Done by its promised time.</summary>
    Done,

    /// <summary>Done, but after the time first promised.</summary>
    DoneLate,
}

/// <summary>
/// One step of the promise clock (联系 contact, 解决 resolve, 回访 follow-up).
/// </summary>
/// <remarks>
/// <c>Step</c>: <c>contact</c>, <c>resolve</c> or <c>followUp</c>.<br/>
/// <c>CommittedAt</c>: The time promised to the owner when the complaint was recorded (contact and resolve), or the step's due time (follow-up).<br/>
/// <c>DueAt</c>: The step's task due time (the binding one, in working time where the process says so).<br/>
/// <c>LateAt</c>: When the step's time ran out and the owner was told (the escalation ladder's first rung).<br/>
/// <c>NewPromisedAt</c>: The new time promised to the owner when the step ran late.<br/>
/// <c>DoneAt</c>: When the step was finished.<br/>
/// <c>Current</c>: Whether the complaint is at this step now.<br/>
/// <c>Status</c>: Where the step stands.<br/>
/// <c>MinutesLeft</c>: For the current step: minutes until the time now promised (negative: overdue by that many).<br/>
/// </remarks>
public sealed record PromiseStepClock(
    string Step, DateTimeOffset? CommittedAt, DateTimeOffset? DueAt, DateTimeOffset? LateAt, DateTimeOffset? NewPromisedAt,
    DateTimeOffset? DoneAt, bool Current, PromiseStatus Status, long? MinutesLeft)
{
    /// <summary>The time the owner holds us to now: the new promise after a late step, else the first one.</summary>
    public DateTimeOffset? PromisedAt => NewPromisedAt ?? CommittedAt ?? DueAt;
}

/// <summary>
/// Computes the promise clock of a complaint from the complaint, its process instance's variables (the times the
/// owner was told: <c>responseDueAt</c>, <c>resolveDueAt</c>; <c>promiseExtensionHours</c>), its tasks (due times) and
/// its history (when a step's late timer fired). A pure function of its inputs and <c>now</c>, so it is tested without a host.
/// </summary>
public static class PromiseClock
{
    /// <summary>The complaint process's user tasks per step (workflows/complaint.bpmn).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> StepElements = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["contact"] = ["calm"],
        ["resolve"] = ["resolve", "resolveUrgent"],
        ["followUp"] = ["followUp"],
    };

    /// <summary>The hours added for a new promise when the process does not say (the shipped default, 24).</summary>
    public const double DefaultExtensionHours = 24;

    public static IReadOnlyList<PromiseStepClock> Compute(
        Complaint complaint, IReadOnlyDictionary<string, object?> variables, IReadOnlyList<TaskRecord> tasks, IReadOnlyList<HistoryRecord> history,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        ArgumentNullException.ThrowIfNull(variables);
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(history);
        var extension = TimeSpan.FromHours(Number(variables, "promiseExtensionHours") ?? DefaultExtensionHours);
        var current = complaint.State switch
        {
            ComplaintState.Recorded or ComplaintState.Calming => "contact",
            ComplaintState.Resolving => "resolve",
            ComplaintState.FollowingUp => "followUp",
            _ => null,
        };

        var result = new List<PromiseStepClock>(3);
        foreach (var (step, elements) in StepElements)
        {
            var stepTasks = tasks.Where(t => elements.Contains(t.ElementId, StringComparer.Ordinal)).ToList();
            var task = stepTasks.MaxBy(t => t.CreatedAt);

            // The times told at recording hold for the first round; a reopened step is promised by its new task's due time.
            var told = stepTasks.Count > 1 ? null : step switch
            {
                "contact" => Instant(variables, "responseDueAt"),
                "resolve" => Instant(variables, "resolveDueAt"),
                _ => null,
            };
            var committed = told ?? task?.DueAt;
            DateTimeOffset? done = step switch
            {
                "contact" => complaint.State is ComplaintState.Recorded or ComplaintState.Calming ? null : complaint.CalmedAt,
                "resolve" => complaint.ResolvedAt,
                _ => complaint.ClosedAt,
            };

            // Only the late timer of this round counts: a reopened complaint starts the step again with a new task.
            var since = task?.CreatedAt ?? DateTimeOffset.MinValue;
            DateTimeOffset? lateAt = history
                .Where(h => h.At >= since && h.ElementId is { } id && elements.Any(e => id == e + "_handlerLate"))
                .Select(h => (DateTimeOffset?)h.At)
                .Min();
            var newPromise = lateAt + extension;
            var isCurrent = step == current;
            var promised = newPromise ?? committed;
            var status = done is { } d
                ? committed is { } c && d > c ? PromiseStatus.DoneLate : PromiseStatus.Done
                : !isCurrent ? PromiseStatus.Waiting
                : lateAt is not null || promised < now ? PromiseStatus.Late
                : PromiseStatus.OnTime;
            long? left = isCurrent && done is null && promised is { } p ? (long)Math.Floor((p - now).TotalMinutes) : null;
            result.Add(new PromiseStepClock(step, committed, task?.DueAt, lateAt, newPromise, done, isCurrent, status, left));
        }

        return result;
    }

    private static DateTimeOffset? Instant(IReadOnlyDictionary<string, object?> variables, string name)
    {
        if (!variables.TryGetValue(name, out var value))
        {
            return null;
        }

        return value switch
        {
            DateTimeOffset d => d,
            string s when DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) => parsed,
            _ => null,
        };
    }

    private static double? Number(IReadOnlyDictionary<string, object?> variables, string name) =>
        variables.TryGetValue(name, out var value) && value is IConvertible c and not string
            ? c.ToDouble(CultureInfo.InvariantCulture)
            : null;
}
