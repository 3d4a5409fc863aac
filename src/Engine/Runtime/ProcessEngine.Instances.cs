using Microsoft.EntityFrameworkCore;
using PropertyFlow.Engine.Model;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime.Execution;
using PropertyFlow.Engine.Runtime.State;

namespace PropertyFlow.Engine.Runtime;

// Starting, cancelling and migrating instances.
public sealed partial class ProcessEngine
{
    /// <summary>Starts the newest (or the given) version of a process at its none start event.</summary>
    public Task<InstanceSnapshot> StartAsync(string processKey, StartOptions? options = null, CancellationToken ct = default)
    {
        options ??= new StartOptions();
        return TriggerAsync(options.StartedBy, async ex =>
        {
            var rt = await CreateInstanceAsync(ex, processKey, options.Version, options.BusinessKey, options.Variables, options.StartedBy, parent: null, ct);
            await DrainAsync(ex, ct);
            return Snapshot(rt);
        }, ct);
    }

    /// <summary>Creates an instance and puts its first token on the none start event (agenda; not yet run).</summary>
    internal async Task<InstanceRuntime> CreateInstanceAsync(Executor ex, string processKey, int? version, string? businessKey,
        IReadOnlyDictionary<string, object?>? variables, string? startedBy, (Guid Instance, Guid Token)? parent, CancellationToken ct)
    {
        var definitionId = version is null && RowReader.Applies(ex.Uow.Db, Options.PreparedReads)
            ? await RowReader.LatestDefinitionIdAsync(ex.Uow.Db, processKey, ct) ?? throw new NotFoundException($"There is no process '{processKey}' deployed.")
            : await ResolveDefinitionIdAsync(ex.Uow.Db, processKey, version, ct);
        var model = await Definitions.GetModelAsync(definitionId, ct);
        var start = model.Content.StartEvents.FirstOrDefault(s => s.Trigger is null)
            ?? throw new InvalidStateException($"Process '{processKey}' has no none start event; it starts only by its timer, message or signal.");
        return StartAt(ex, definitionId, model, start, businessKey, variables, startedBy, parent);
    }

    internal static async Task<string> ResolveDefinitionIdAsync(EngineDbContext db, string processKey, int? version, CancellationToken ct)
    {
        var id = version is { } v
            ? await db.Definitions.AsNoTracking().Where(d => d.Key == processKey && d.Version == v).Select(d => d.Id).FirstOrDefaultAsync(ct)
            : await HotQueries.LatestDefinitionId(db, processKey, ct);
        return id ?? throw new NotFoundException(version is null
            ? $"There is no process '{processKey}' deployed."
            : $"Process '{processKey}' has no version {version}.");
    }

    internal static InstanceRuntime StartAt(Executor ex, string definitionId, ProcessModel model, StartEvent start, string? businessKey,
        IReadOnlyDictionary<string, object?>? variables, string? startedBy, (Guid Instance, Guid Token)? parent)
    {
        var version = int.Parse(definitionId[(definitionId.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        var record = new InstanceRecord
        {
            Id = RowIds.New(ex.Now),
            DefinitionId = definitionId,
            ProcessKey = model.Id,
            ProcessVersion = version,
            BusinessKey = businessKey,
            Status = InstanceStatus.Active,
            StateJson = "",
            StartedAt = ex.Now,
            StartedBy = startedBy,
            ParentInstanceId = parent?.Instance,
            ParentTokenId = parent?.Token,
        };
        var state = new InstanceState();
        var root = new ScopeState { Id = RowIds.New(ex.Now), Kind = ScopeKind.Process };
        state.Scopes.Add(root);
        var rt = new InstanceRuntime(record, state, model);
        ex.Uow.AddNewInstance(rt);
        ex.Uow.History(rt.Id, HistoryKinds.InstanceStarted, start.Id, start.Kind, userId: startedBy,
            data: businessKey is null ? null : System.Text.Json.JsonSerializer.Serialize(new { businessKey }));
        ex.SetVariables(rt, null, root.Id, variables);
        ex.ArmEventSubProcesses(rt, root, model.Content);
        ex.Enter(rt, ex.NewToken(rt, root.Id), start);
        return rt;
    }

    /// <summary>Cancels an active instance and everything it waits on (tasks, timers, child instances).</summary>
    public Task CancelInstanceAsync(Guid instanceId, string? reason = null, string? userId = null, CancellationToken ct = default) =>
        TriggerAsync<bool>(userId, async ex =>
        {
            var rt = await ex.Uow.LoadInstanceAsync(instanceId, ct);
            if (rt.Record.Status != InstanceStatus.Active)
            {
                throw new InvalidStateException($"Instance {instanceId} is {rt.Record.Status.ToString().ToLowerInvariant()}, not active.");
            }

            var openIncidents = await ex.Uow.Db.Incidents.Where(i => i.InstanceId == instanceId && i.ResolvedAt == null).ToListAsync(ct);
            foreach (var incident in openIncidents)
            {
                incident.ResolvedAt = ex.Now;
            }

            ex.CompleteInstance(rt, InstanceStatus.Cancelled);
            if (reason is not null)
            {
                ex.Uow.History(rt.Id, HistoryKinds.InstanceCancelled, data: System.Text.Json.JsonSerializer.Serialize(new { reason }));
            }

            return true;
        }, ct);

    /// <summary>
    /// Moves a running instance to another version of its process. Each waiting element maps to the element
    /// with the same id, or to the id given in <paramref name="activityMapping"/>. Refused, changing nothing,
    /// when a waiting element has no counterpart.
    /// </summary>
    public Task MigrateInstanceAsync(Guid instanceId, string targetDefinitionId, IReadOnlyDictionary<string, string>? activityMapping = null,
        string? userId = null, CancellationToken ct = default) =>
        TriggerAsync<bool>(userId, async ex =>
        {
            var rt = await ex.Uow.LoadInstanceAsync(instanceId, ct);
            if (rt.Record.Status != InstanceStatus.Active)
            {
                throw new InvalidStateException($"Instance {instanceId} is not active.");
            }

            var target = await Definitions.GetModelAsync(targetDefinitionId, ct);
            if (target.Id != rt.Model.Id)
            {
                throw new InvalidStateException($"'{targetDefinitionId}' is a version of '{target.Id}', not of '{rt.Model.Id}'.");
            }

            string Map(string id) => activityMapping?.GetValueOrDefault(id) ?? id;
            var missing = rt.State.Tokens.Select(t => t.ElementId)
                .Concat(rt.State.Scopes.Where(s => s.ElementId is not null).Select(s => s.ElementId!))
                .Distinct()
                .Where(id => !target.TryGetNode(Map(id), out var node) || node.Kind != rt.Model.GetNode(id).Kind)
                .ToList();
            if (missing.Count > 0)
            {
                throw new InvalidStateException(
                    $"Cannot migrate instance {instanceId} to '{targetDefinitionId}': no counterpart of the same kind for {string.Join(", ", missing.Select(m => $"'{m}'"))}. Map them to elements of the new version.");
            }

            foreach (var token in rt.State.Tokens)
            {
                token.ElementId = Map(token.ElementId);
            }

            foreach (var scope in rt.State.Scopes.Where(s => s.ElementId is not null))
            {
                scope.ElementId = Map(scope.ElementId!);
            }

            var db = ex.Uow.Db;
            foreach (var task in await db.Tasks.Where(t => t.InstanceId == instanceId && t.State == TaskState.Open).ToListAsync(ct))
            {
                task.ElementId = Map(task.ElementId);
                task.DefinitionId = targetDefinitionId;
                task.Revision++;
            }

            foreach (var timer in await db.Timers.Where(t => t.InstanceId == instanceId).ToListAsync(ct))
            {
                timer.ElementId = Map(timer.ElementId);
                timer.DefinitionId = targetDefinitionId;
            }

            foreach (var sub in await db.Subscriptions.Where(s => s.InstanceId == instanceId).ToListAsync(ct))
            {
                sub.ElementId = Map(sub.ElementId);
                sub.DefinitionId = targetDefinitionId;
            }

            foreach (var job in await db.Jobs.Where(j => j.InstanceId == instanceId).ToListAsync(ct))
            {
                job.ElementId = Map(job.ElementId);
                job.DefinitionId = targetDefinitionId;
                job.Revision++;
            }

            var from = rt.Record.DefinitionId;
            rt.Record.DefinitionId = targetDefinitionId;
            rt.Record.ProcessVersion = int.Parse(targetDefinitionId[(targetDefinitionId.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            rt.Model = target;
            ex.Uow.History(rt.Id, HistoryKinds.InstanceMigrated, data: System.Text.Json.JsonSerializer.Serialize(new { from, to = targetDefinitionId }));
            return true;
        }, ct);

    internal static InstanceSnapshot Snapshot(InstanceRuntime rt) => new(
        rt.Id,
        rt.Record.DefinitionId,
        rt.Record.ProcessKey,
        rt.Record.ProcessVersion,
        rt.Record.BusinessKey,
        rt.Record.Status,
        rt.Record.StartedAt,
        rt.Record.EndedAt,
        new Dictionary<string, object?>(rt.RootScope.Variables),
        [.. rt.State.Tokens.Select(t => new ActiveElement(t.ElementId, t.Status.ToString(), t.Id))],
        rt.Record.ParentInstanceId);
}
