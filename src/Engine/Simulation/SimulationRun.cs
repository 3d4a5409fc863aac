using Microsoft.EntityFrameworkCore;
using PropertyFlow.Engine.Forms;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime;

namespace PropertyFlow.Engine.Simulation;

/// <summary>
/// The state of one simulation run (the <see cref="Simulator"/> holds only configuration): the virtual clock, the planned
/// task completions, and the stable keys that make delays independent of ids and query order.
/// </summary>
/// <remarks>
/// The loop: the next moment is the earliest of the next timer or job (<see cref="ProcessEngine.NextDueAsync"/>), the next
/// planned task completion and the horizon. The clock moves there with <see cref="ProcessEngine.AdvanceClockAsync"/>, which
/// fires every timer and job due by then at its own time; the tasks planned for that moment are completed; new instances
/// and tasks are picked up from the history (each task planned once); external tasks are completed by the built-in worker.
/// </remarks>
internal sealed partial class SimulationRun(
    ProcessEngine engine, IDbContextFactory<EngineDbContext> contexts, VirtualClock clock, SimulationOptions options, ISimulationWorld? world = null)
{
    private const string WorkerId = "simulator";

    /// <summary>External tasks fetched per call; a round fetches until none are left.</summary>
    private const int FetchBatch = 500;

    /// <summary>The clock does not move while the worker holds a lock, so any positive lock will do.</summary>
    private static readonly TimeSpan LockDuration = TimeSpan.FromHours(1);

    private readonly SortedSet<PlannedCompletion> _planned = [];
    private readonly Dictionary<(string DefinitionId, string ElementId), IReadOnlyDictionary<string, object?>?> _formValues = [];
    private readonly Dictionary<(string DefinitionId, string ElementId), HashSet<string>> _formFields = [];
    private readonly SortedSet<string> _warnings = new(StringComparer.Ordinal);
    private IReadOnlyCollection<string> _externalTopics = [];
    private int _steps;
    private bool _stoppedEarly;
    private int _userTasks;
    private int _externalTasks;

    private DateTimeOffset End => options.Start + options.Duration;

    public async Task<SimulationReport> RunAsync(CancellationToken ct)
    {
        var definitions = (await engine.QueryDefinitionsAsync(ct: ct))
            .OrderBy(d => d.Key, StringComparer.Ordinal).ThenBy(d => d.Version).ToList();
        _externalTopics = await ExternalTopicsAsync(definitions, ct);
        await StartInstancesAsync(definitions, ct);
        await DiscoverAsync(ct);
        await RunWorkerAsync(ct);

        var progressed = true;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (_steps >= options.MaxSteps)
            {
                // Early unless the horizon was reached with nothing left to do there.
                _stoppedEarly = clock.GetUtcNow() < End || await engine.NextDueAsync(ct) <= End || _planned.Min?.At <= End;
                break;
            }

            var now = clock.GetUtcNow();
            var next = End;

            // Work due now that the last step could not act on is stale; waiting for it would spin.
            if (await engine.NextDueAsync(ct) is { } due && due < next && (due > now || progressed))
            {
                next = due;
            }

            if (_planned.Min is { } planned && planned.At < next)
            {
                next = planned.At;
            }

            if (world?.NextActionAt is { } action && action < next)
            {
                next = action < now ? now : action;
            }

            if (next <= now)
            {
                if (!progressed)
                {
                    break; // the horizon is reached and nothing more happens there
                }

                next = now;
            }

            _steps++;
            var acted = await engine.AdvanceClockAsync(next, clock.SetUtcNow, ct);
            var completed = await CompleteDueTasksAsync(ct);
            var played = world is null ? 0 : await world.ActAsync(clock.GetUtcNow(), ct);
            var found = await DiscoverAsync(ct);
            var worked = await RunWorkerAsync(ct);
            progressed = acted + completed + played + found + worked > 0;
        }

        var processes = await SimulationTally.CountAsync(engine, contexts, ct);
        return new SimulationReport(options.Start, End, options.Seed, options.Instances, _steps, _stoppedEarly, _userTasks, _externalTasks,
            processes, [.. _warnings]);
    }

    /// <summary>Every topic of the deployed processes that no in-process handler serves.</summary>
    private async Task<IReadOnlyCollection<string>> ExternalTopicsAsync(IReadOnlyList<DefinitionRecord> definitions, CancellationToken ct)
    {
        var topics = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var definition in definitions)
        {
            var model = await engine.GetModelAsync(definition.Id, ct);
            topics.UnionWith(model.Topics.Where(t => !engine.HandledTopics.Contains(t)));
        }

        return topics;
    }

    /// <summary>Starts the newest version of each process that has a none start event, process by process in id order.</summary>
    private async Task StartInstancesAsync(IReadOnlyList<DefinitionRecord> definitions, CancellationToken ct)
    {
        foreach (var newest in definitions.GroupBy(d => d.Key, StringComparer.Ordinal).Select(g => g.Last()))
        {
            var model = await engine.GetModelAsync(newest.Id, ct);
            if (!model.Content.StartEvents.Any(s => s.Trigger is null))
            {
                continue; // started by its timer, message or signal as time passes
            }

            for (var n = 1; n <= options.Instances; n++)
            {
                await engine.StartAsync(newest.Key, new StartOptions
                {
                    BusinessKey = $"sim-{newest.Key}-{n.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
                    Variables = options.Variables,
                    Version = newest.Version,
                }, ct);
            }
        }
    }

    /// <summary>Completes, in their stable order, the tasks planned for now or earlier. Returns how many were tried.</summary>
    private async Task<int> CompleteDueTasksAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var tried = 0;
        while (_planned.Min is { } planned && planned.At <= now)
        {
            _planned.Remove(planned);
            tried++;
            await CompleteAsync(planned, ct);
        }

        return tried;
    }

    private async Task CompleteAsync(PlannedCompletion planned, CancellationToken ct)
    {
        var values = await FormValuesAsync(planned, ct);
        if (values is null)
        {
            return; // the form cannot be filled; warned once, the task stays open
        }

        if (world?.TaskValues(new SimulatedTask(planned.ProcessKey, planned.ElementId, planned.InstanceKey, planned.Occurrence)) is { Count: > 0 } entered
            && _formFields.TryGetValue((planned.DefinitionId, planned.ElementId), out var fields))
        {
            var merged = new Dictionary<string, object?>(values, StringComparer.Ordinal);
            foreach (var (name, value) in entered)
            {
                if (fields.Contains(name))
                {
                    merged[name] = value;
                }
            }

            values = merged;
        }

        try
        {
            await engine.CompleteTaskAsync(planned.TaskId, TaskActor.System, values, ct);
            _userTasks++;
        }
        catch (Exception e) when (e is InvalidStateException or NotFoundException)
        {
            // Interrupted before its person got to it (a boundary event, a terminate end): nothing to complete.
        }
        catch (ValidationException e)
        {
            Warn(planned, $"cannot be completed with its form's default values ({Describe(e)}); these tasks stay open");
            _formValues[(planned.DefinitionId, planned.ElementId)] = null;
        }
    }

    /// <summary>
    /// The values a simulated person submits: the form fields' defaults. A default that is an expression (<c>${initiator}</c>)
    /// is left out here; the engine evaluates it over the task's variables when the task is completed.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, object?>?> FormValuesAsync(PlannedCompletion planned, CancellationToken ct)
    {
        var key = (planned.DefinitionId, planned.ElementId);
        if (_formValues.TryGetValue(key, out var cached))
        {
            return cached;
        }

        IReadOnlyDictionary<string, object?>? values;
        try
        {
            var form = await engine.GetTaskFormAsync(planned.TaskId, ct);
            _formFields[key] = form.Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
            values = FormValidator.Defaults(form, _ => null);
        }
        catch (ValidationException e)
        {
            Warn(planned, $"has default values that do not fit their fields ({Describe(e)}); these tasks stay open");
            values = null;
        }

        _formValues[key] = values;
        return values;
    }

    /// <summary>
    /// The built-in worker: fetches every external task of the deployed topics and completes it at once, with no variables,
    /// in stable order; repeats while completing them makes new ones. Returns how many it completed.
    /// </summary>
    private async Task<int> RunWorkerAsync(CancellationToken ct)
    {
        if (_externalTopics.Count == 0)
        {
            return 0;
        }

        var done = 0;
        while (_steps < options.MaxSteps)
        {
            var locked = new List<LockedExternalTask>();
            IReadOnlyList<LockedExternalTask> batch;
            do
            {
                batch = await engine.FetchAndLockAsync(WorkerId, _externalTopics, FetchBatch, LockDuration, ct);
                locked.AddRange(batch);
            }
            while (batch.Count == FetchBatch);

            if (locked.Count == 0)
            {
                break;
            }

            _steps++;
            await DiscoverAsync(ct);
            foreach (var task in locked.OrderBy(t => KeyOf(t.InstanceId, t.ProcessKey), StringComparer.Ordinal).ThenBy(t => t.ElementId, StringComparer.Ordinal))
            {
                try
                {
                    await engine.CompleteExternalTaskAsync(task.Id, WorkerId, null, ct);
                    _externalTasks++;
                    done++;
                }
                catch (Exception e) when (e is InvalidStateException or NotFoundException)
                {
                    // Its instance moved on (interrupted) after the fetch.
                }
            }

            await DiscoverAsync(ct);
        }

        return done;
    }

    private void Warn(PlannedCompletion planned, string message) =>
        _warnings.Add($"{planned.ProcessKey}: task '{planned.ElementId}' {message}");

    private static string Describe(ValidationException e) =>
        e.Errors.Count == 0
            ? e.Message
            : string.Join("; ", e.Errors.OrderBy(x => x.Key, StringComparer.Ordinal).Select(x => $"{x.Key}: {string.Join(", ", x.Value)}"));
}
