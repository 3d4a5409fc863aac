using Microsoft.EntityFrameworkCore;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime.State;

namespace PropertyFlow.Engine.Runtime.Execution;

/// <summary>
/// One trigger's work: the instances it touched and the rows it wrote, committed together.
/// A conflicting concurrent writer makes <see cref="CommitAsync"/> throw <see cref="ConcurrencyConflictException"/>.
/// </summary>
/// <remarks>
/// The context does not detect changes automatically while the trigger runs: every <c>DbSet.Local</c>,
/// <c>Entries()</c> and <c>Entry()</c> would otherwise compare every tracked row with its snapshot, many times per
/// trigger. What was added, attached or removed is known at once; changed property values are detected once, when
/// the trigger is written (<see cref="RowWriter"/>, or just before <c>SaveChanges</c>).
/// </remarks>
internal sealed class UnitOfWork : IAsyncDisposable
{
    private readonly Dictionary<Guid, InstanceRuntime> _instances = [];

    public UnitOfWork(EngineDbContext db, ProcessEngine core, DateTimeOffset now, string? userId)
    {
        Db = db;
        Core = core;
        Now = now;
        UserId = userId;
        db.ChangeTracker.AutoDetectChangesEnabled = false; // back on when the context is returned (EngineDbContext.Reset)
    }

    public EngineDbContext Db { get; }

    public ProcessEngine Core { get; }

    public DateTimeOffset Now { get; }

    public string? UserId { get; }

    /// <summary>Work to do once the transaction has committed (scheduling, signal broadcasts).</summary>
    public List<Func<Task>> AfterCommit { get; } = [];

    /// <summary>Timers created in this unit: handed to the scheduler after commit.</summary>
    public List<TimerRecord> NewTimers { get; } = [];

    /// <summary>Jobs created or rescheduled in this unit: handed to the scheduler after commit.</summary>
    public List<JobRecord> NewJobs { get; } = [];

    public IEnumerable<InstanceRuntime> Instances => _instances.Values;

    public async Task<InstanceRuntime> LoadInstanceAsync(Guid id, CancellationToken ct)
    {
        if (_instances.TryGetValue(id, out var rt))
        {
            return rt;
        }

        var record = (RowReader.Applies(Db, Core.Options.PreparedReads) ? await RowReader.FindAsync<InstanceRecord>(Db, id, ct) : await HotQueries.Instance(Db, id, ct))
            ?? throw new NotFoundException($"There is no process instance {id}.");
        var model = await Core.Definitions.GetModelAsync(record.DefinitionId, ct);
        rt = new InstanceRuntime(record, InstanceState.FromJson(record.StateJson), model);
        _instances[id] = rt;
        return rt;
    }

    public void AddNewInstance(InstanceRuntime rt)
    {
        _instances[rt.Id] = rt;
        Insert(rt.Record);
    }

    /// <summary>
    /// Tracks a new row to be inserted with this unit. The row alone: <c>DbSet.Add</c> walks a graph of related rows,
    /// which the engine's records do not have (3 % of a complaint's CPU went to that walk).
    /// </summary>
    public void Insert<T>(T row)
        where T : class => Db.Entry(row).State = EntityState.Added;

    private readonly List<HistoryRecord> _history = [];

    /// <summary>Records a history line, as far as <see cref="EngineOptions.HistoryLevel"/> asks for it.</summary>
    public void History(Guid instanceId, string kind, string? elementId = null, string? elementType = null, Guid? tokenId = null, Guid? taskId = null, string? data = null, string? userId = null)
    {
        switch (Core.Options.HistoryLevel)
        {
            case HistoryLevel.None:
                return;
            case HistoryLevel.Activity when kind == HistoryKinds.VariableSet:
                return;
            case HistoryLevel.Activity when kind == HistoryKinds.TaskCompleted:
                data = null; // the form values are variable data, which this level leaves out
                break;
        }

        _history.Add(new HistoryRecord
        {
            InstanceId = instanceId,
            At = Now,
            Kind = kind,
            ElementId = elementId,
            ElementType = elementType,
            TokenId = tokenId,
            TaskId = taskId,
            UserId = userId ?? UserId,
            Data = data,
        });
    }

    public void AddTimer(TimerRecord timer)
    {
        Insert(timer);
        NewTimers.Add(timer);
    }

    /// <summary>Deletes a timer row; deleting one that another writer already removed is a conflict.</summary>
    public void DeleteTimer(Guid id)
    {
        if (Delete(Db.Timers, id, t => t.Id) is { } added)
        {
            NewTimers.Remove(added);
        }
    }

    public void DeleteSubscription(Guid id) => Delete(Db.Subscriptions, id, s => s.Id);

    /// <summary>
    /// Deletes a row by id without loading it. A row added in this same unit is simply dropped (and returned);
    /// a row that is already gone makes the commit fail with a conflict, which is what a second firing must see.
    /// </summary>
    private T? Delete<T>(DbSet<T> set, Guid id, Func<T, Guid> key)
        where T : class
    {
        var local = set.Local.FirstOrDefault(e => key(e) == id);
        if (local is null)
        {
            var stub = (T)System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(typeof(T));
            var gone = Db.Entry(stub);
            gone.Property("Id").CurrentValue = id;
            gone.State = EntityState.Deleted; // tracked as a delete at once, without Attach's graph walk
            return null;
        }

        var entry = Db.Entry(local);
        if (entry.State == EntityState.Added)
        {
            entry.State = EntityState.Detached;
            return local;
        }

        if (entry.State != EntityState.Deleted)
        {
            set.Remove(local);
        }

        return null;
    }

    public async Task<TaskRecord?> FindTaskAsync(Guid id, CancellationToken ct) =>
        Db.Tasks.Local.FirstOrDefault(t => t.Id == id) ?? await Core.FindTaskAsync(Db, id, ct);

    public async Task<JobRecord?> FindJobAsync(Guid id, CancellationToken ct) =>
        Db.Jobs.Local.FirstOrDefault(t => t.Id == id) ?? await Db.Jobs.FirstOrDefaultAsync(t => t.Id == id, ct);

    public async Task CommitAsync(CancellationToken ct)
    {
        foreach (var rt in _instances.Values)
        {
            var json = rt.State.ToJson();
            var entry = Db.Entry(rt.Record);
            if (entry.State == EntityState.Added)
            {
                rt.Record.StateJson = json;
                continue;
            }

            // Always bump the revision: two triggers on the same instance must not both commit.
            rt.Record.StateJson = json;
            rt.Record.Revision++;
        }

        try
        {
            if (Core.Options.GroupCommit && Db.Committer is { } committer && RowWriter.CanWrite(Db))
            {
                ct.ThrowIfCancellationRequested(); // once queued, a trigger is written or fails; never left half-decided
                await committer.CommitAsync(Db, _history);
                return;
            }

            await using var transaction = await Db.Database.BeginTransactionAsync(ct);
            if (RowWriter.CanWrite(Db))
            {
                await RowWriter.WriteAsync(Db, ct);
            }
            else
            {
                Db.ChangeTracker.DetectChanges(); // not automatic during a trigger (see the remarks above)
                await Db.SaveChangesAsync(ct);
            }

            await HistoryWriter.WriteAsync(Db, _history, ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateConcurrencyException ex)
        {
            throw new ConcurrencyConflictException("Another change to the same process instance was committed first.", ex);
        }
        catch (Exception ex) when (StoreConflicts.IsWriteConflict(ex))
        {
            throw new ConcurrencyConflictException("Another change to the same data was being committed at the same time.", ex);
        }
        catch (DbUpdateException ex) when (IsUniqueViolation(ex))
        {
            throw new ConcurrencyConflictException("Another change to the same data was committed first.", ex);
        }
        catch (System.Data.Common.DbException ex) when (IsUniqueViolation(ex.Message))
        {
            throw new ConcurrencyConflictException("Another change to the same data was committed first.", ex);
        }
    }

    private static bool IsUniqueViolation(DbUpdateException ex) => ex.InnerException is { } inner && IsUniqueViolation(inner.Message);

    private static bool IsUniqueViolation(string message) =>
        message.Contains("UNIQUE", StringComparison.OrdinalIgnoreCase) || message.Contains("duplicate key", StringComparison.OrdinalIgnoreCase);

    public ValueTask DisposeAsync() => Db.DisposeAsync();
}
