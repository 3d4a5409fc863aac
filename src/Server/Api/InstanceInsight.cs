using PropertyFlow.Engine.Model;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime;

namespace PropertyFlow.Server.Api;

/// <summary>
/// What the monitor shows of one instance beyond its snapshot: the path it took (from the engine's history),
/// its pending timers with their working-time flag (from the model) and its open jobs. Read by
/// <c>GET /api/instances/{id}/path</c>, <c>/timers</c>, <c>/jobs</c> and by the instance page.
/// </summary>
public static class InstanceInsight
{
    /// <summary>The path an instance took and where it stands, as element and sequence-flow ids of its current version.</summary>
    /// <param name="CompletedElements">Elements left at least once (history <c>elementCompleted</c>), in the order first left.</param>
    /// <param name="TakenFlows">
    /// Sequence flows whose source was left before their target was entered. The engine's history records elements,
    /// not flows, so a flow is read from its two ends.
    /// </param>
    /// <param name="ActiveElements">Where the instance's tokens are now (waiting or running).</param>
    /// <param name="IncidentElements">Elements with an open incident.</param>
    public sealed record PathDto(
        IReadOnlyList<string> CompletedElements,
        IReadOnlyList<string> TakenFlows,
        IReadOnlyList<string> ActiveElements,
        IReadOnlyList<string> IncidentElements);

    /// <summary>A pending timer; <paramref name="WorkingTime"/> when it counts the working-time calendar (<c>pf:calendar="working"</c>).</summary>
    /// <param name="Id">The timer's id.</param>
    /// <param name="ElementId">The timer event.</param>
    /// <param name="ElementName">The event's name in the diagram, if any.</param>
    /// <param name="DueAt">When it fires.</param>
    /// <param name="TimerKind">date, duration or cycle.</param>
    /// <param name="Expression">The evaluated timer text.</param>
    /// <param name="TimesFired">How often a cycle fired so far.</param>
    /// <param name="WorkingTime">True when durations count working time only.</param>
    public sealed record TimerDto(Guid Id, string ElementId, string? ElementName, DateTimeOffset DueAt, string TimerKind, string Expression, int TimesFired, bool WorkingTime);

    /// <summary>An open job: an async continuation or an external task waiting for (or locked by) a worker.</summary>
    /// <param name="Id">The job's id (an external task's id).</param>
    /// <param name="Kind">asyncContinuation or external.</param>
    /// <param name="ElementId">The activity.</param>
    /// <param name="Topic">The external task's topic.</param>
    /// <param name="State">ready, locked or failed.</param>
    /// <param name="Retries">Retries left, when a worker reported them.</param>
    /// <param name="DueAt">When it may run (after a retry timeout).</param>
    /// <param name="WorkerId">The worker holding the lock.</param>
    /// <param name="LockExpiresAt">When that lock ends.</param>
    /// <param name="ErrorMessage">The last failure reported.</param>
    /// <param name="CreatedAt">When the job was made.</param>
    public sealed record JobDto(Guid Id, JobKind Kind, string ElementId, string? Topic, JobState State, int? Retries, DateTimeOffset DueAt,
        string? WorkerId, DateTimeOffset? LockExpiresAt, string? ErrorMessage, DateTimeOffset CreatedAt)
    {
        public static JobDto From(JobRecord j) =>
            new(j.Id, j.Kind, j.ElementId, j.Topic, j.State, j.Retries, j.DueAt, j.WorkerId, j.LockExpiresAt, j.ErrorMessage, j.CreatedAt);
    }

    /// <summary>The path of instance <paramref name="id"/>; <see cref="PropertyFlow.Engine.NotFoundException"/> for an unknown id.</summary>
    public static async Task<PathDto> PathAsync(ProcessEngine engine, Guid id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var snapshot = await engine.GetInstanceAsync(id, ct);
        var model = await engine.GetModelAsync(snapshot.DefinitionId, ct);
        var history = await engine.GetHistoryAsync(id, ct);
        var incidents = await engine.QueryIncidentsAsync(id, openOnly: true, ct);
        return Path(model, history, snapshot.ActiveElements, incidents);
    }

    /// <summary>Reads the path from history lines (oldest first). Ids the model does not know (left behind by a migration) are kept for elements and ignored for flows.</summary>
    public static PathDto Path(ProcessModel model, IReadOnlyList<HistoryRecord> history, IReadOnlyList<ActiveElement> active, IReadOnlyList<IncidentRecord> incidents)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(active);
        ArgumentNullException.ThrowIfNull(incidents);

        // First time each element was left, last time each was entered (history ids are in commit order).
        var firstLeft = new Dictionary<string, long>(StringComparer.Ordinal);
        var lastEntered = new Dictionary<string, long>(StringComparer.Ordinal);
        var completed = new List<string>();
        foreach (var line in history)
        {
            if (line.ElementId is not { } element)
            {
                continue;
            }

            if (line.Kind == HistoryKinds.ElementCompleted && firstLeft.TryAdd(element, line.Id))
            {
                completed.Add(element);
            }
            else if (line.Kind == HistoryKinds.ElementStarted)
            {
                lastEntered[element] = line.Id;
            }
        }

        var taken = model.Elements.Values.OfType<SequenceFlow>()
            .Where(f => firstLeft.TryGetValue(f.Source.Id, out var left) && lastEntered.TryGetValue(f.Target.Id, out var entered) && entered > left)
            .Select(f => f.Id)
            .Order(StringComparer.Ordinal)
            .ToList();
        return new PathDto(
            completed,
            taken,
            [.. active.Select(a => a.ElementId).Distinct(StringComparer.Ordinal)],
            [.. incidents.Where(i => i.ResolvedAt is null).Select(i => i.ElementId).Distinct(StringComparer.Ordinal)]);
    }

    /// <summary>Pending timers of instance <paramref name="id"/>, soonest first, with their working-time flag.</summary>
    public static async Task<IReadOnlyList<TimerDto>> TimersAsync(ProcessEngine engine, Guid id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(engine);
        await engine.GetInstanceAsync(id, ct); // 404 for an unknown id rather than an empty list
        var timers = await engine.QueryTimersAsync(id, ct);
        var models = new Dictionary<string, ProcessModel>(StringComparer.Ordinal);
        var result = new List<TimerDto>(timers.Count);
        foreach (var t in timers)
        {
            if (!models.TryGetValue(t.DefinitionId, out var model))
            {
                model = models[t.DefinitionId] = await engine.GetModelAsync(t.DefinitionId, ct);
            }

            var node = model.TryGetNode(t.ElementId, out var found) ? found : null;
            var working = TimerOf(node)?.WorkingTime ?? false;
            result.Add(new TimerDto(t.Id, t.ElementId, node?.Name, t.DueAt, t.TimerKind, t.Expression, t.TimesFired, working));
        }

        return result;
    }

    /// <summary>Open jobs of instance <paramref name="id"/> (done ones left out), oldest first.</summary>
    public static async Task<IReadOnlyList<JobDto>> JobsAsync(ProcessEngine engine, Guid id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(engine);
        await engine.GetInstanceAsync(id, ct);
        return [.. (await engine.QueryJobsAsync(id, ct)).Where(j => j.State != JobState.Done).Select(JobDto.From)];
    }

    /// <summary>The engine's type name of a stored variable value (its normal form, see <c>VariableValue</c>).</summary>
    public static string TypeOf(object? value) => value switch
    {
        null => "null",
        bool => "boolean",
        long => "long",
        double => "double",
        string => "string",
        System.Collections.IDictionary => "object",
        System.Collections.IEnumerable => "list",
        _ => value.GetType().Name,
    };

    private static TimerEventDefinition? TimerOf(FlowNode? node) => node switch
    {
        StartEvent s => s.Trigger as TimerEventDefinition,
        BoundaryEvent b => b.Trigger as TimerEventDefinition,
        IntermediateCatchEvent c => c.Trigger as TimerEventDefinition,
        _ => null,
    };
}
