using System.Data.Common;
using System.Runtime.ExceptionServices;
using Microsoft.EntityFrameworkCore;

namespace PropertyFlow.Engine.Persistence;

/// <summary>
/// Group commit for the triggers of one process on one SQLite file. SQLite admits one writer at a time; instead of
/// each trigger beginning its own transaction and waiting for the lock in SQLite's busy handler (which sleeps 1, 2,
/// 5… ms between tries), a trigger queues its changes here and waits on an in-process gate. Whoever holds the gate
/// writes every trigger queued at that moment in one transaction on its own connection, each inside a
/// <c>SAVEPOINT</c>, and commits once.
/// </summary>
/// <remarks>
/// <para>
/// Semantics are those of one transaction per trigger. A trigger whose guarded update or delete finds no row (another
/// writer got there first — possibly an earlier trigger of the same group) or whose write fails in any other way is
/// rolled back to its savepoint alone and gets its own error (a conflict is then retried by the engine, that trigger
/// only); the rest of the group commits. A trigger is told it committed only after the group's <c>COMMIT</c>
/// returned, so a crash loses no trigger that was reported committed; if the <c>COMMIT</c> itself fails, every
/// trigger of the group gets the error and none of them is committed.
/// </para>
/// <para>
/// Nothing waits on purpose to gather a group: with one writer a group is that writer's trigger alone (no
/// savepoint), and groups form only from triggers that queued while another group was being written. The gate is an
/// optimisation inside one process; SQLite's lock stays the truth between processes and nodes. Waiting for the gate
/// and writing a group are not cancellable: a trigger that has queued its changes is written or fails, it is never
/// left half-decided, and a leader's cancellation must not fail the others' triggers.
/// </para>
/// <para>
/// Every group is written on one connection of the committer's own (when it is given one), not on the leader's: a
/// SQLite connection drops its page cache whenever another connection has written since its last transaction, so
/// groups written on whichever worker's connection led re-read the pages of every index they touched, each with a
/// system call. The writer's cache stays warm from one group to the next.
/// </para>
/// </remarks>
internal sealed class GroupCommitter : IDisposable
{
    /// <summary>Most triggers written in one transaction. 64.</summary>
    public const int MaxGroup = 64;

    private const string Savepoint = "pf_trigger";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Queue<Pending> _queue = new();
    private readonly Func<DbConnection>? _openWriter;
    private DbConnection? _writer;

    /// <param name="openWriter">Opens the connection every group is written on (opened at the first group, kept open);
    /// null writes each group on its leader's connection.</param>
    public GroupCommitter(Func<DbConnection>? openWriter = null) => _openWriter = openWriter;

    /// <summary>Groups written so far (for tests and the profile).</summary>
    public long Groups => Interlocked.Read(ref _groups);

    /// <summary>Triggers written in a group of more than one (for tests and the profile).</summary>
    public long GroupedTriggers => Interlocked.Read(ref _grouped);

    /// <summary>How long the gate has been held for writing groups so far (for the profile: the serial part of the work).</summary>
    public TimeSpan Held => System.Diagnostics.Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _heldTicks));

    private long _groups;
    private long _grouped;
    private long _heldTicks;

    /// <summary>
    /// Commits the changes tracked by <paramref name="db"/> and <paramref name="history"/>, alone or in a group, and
    /// then accepts them in the change tracker. Throws what the trigger's own write threw
    /// (<see cref="DbUpdateConcurrencyException"/> on a conflict), or the group's commit error wrapped in a
    /// <see cref="DbUpdateException"/>.
    /// </summary>
    /// <remarks>
    /// The rows are captured from the change tracker here, on the trigger's own thread, before it queues: the gate is
    /// held for binding and running the statements alone (<see cref="RowWriter.Capture"/>).
    /// </remarks>
    public async Task CommitAsync(EngineDbContext db, IReadOnlyList<HistoryRecord> history)
    {
        var mine = new Pending(db, RowWriter.Capture(db), history);
        lock (_queue)
        {
            _queue.Enqueue(mine);
        }

        await _gate.WaitAsync();
        var since = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            // The leader writes what is queued; a follower finds its trigger already decided and only passes the gate.
            while (!mine.Done)
            {
                var group = TakeGroup();
                await WriteGroupAsync(db, group);
            }
        }
        finally
        {
            Interlocked.Add(ref _heldTicks, System.Diagnostics.Stopwatch.GetTimestamp() - since);
            _gate.Release();
        }

        if (mine.Error is { } error)
        {
            ExceptionDispatchInfo.Throw(error);
        }

        db.ChangeTracker.AcceptAllChanges();
    }

    private List<Pending> TakeGroup()
    {
        lock (_queue)
        {
            var group = new List<Pending>(Math.Min(_queue.Count, MaxGroup));
            while (group.Count < MaxGroup && _queue.TryDequeue(out var next))
            {
                group.Add(next);
            }

            return group;
        }
    }

    /// <summary>Writes <paramref name="group"/> in one transaction on the writer connection (without one, the leader's).</summary>
    private async Task WriteGroupAsync(EngineDbContext leader, List<Pending> group)
    {
        // Under the gate: only one group at a time touches the writer connection.
        var connection = _openWriter is null ? leader.Database.GetDbConnection() : _writer ??= _openWriter();
        var keep = _openWriter is not null || leader.KeepsConnectionOpen;
        var alone = group.Count == 1;
        var written = new List<Pending>(group.Count);
        try
        {
            await using var transaction = await connection.BeginTransactionAsync(CancellationToken.None);
            foreach (var pending in group)
            {
                if (alone)
                {
                    await WriteAsync(pending, connection, transaction, keep);
                    written.Add(pending);
                    continue;
                }

                await transaction.SaveAsync(Savepoint, CancellationToken.None);
                try
                {
                    await WriteAsync(pending, connection, transaction, keep);
                    written.Add(pending);
                }
                catch (Exception ex)
                {
                    // Undo this trigger's writes only; the savepoint's own failure (below) ends the whole group.
                    await transaction.RollbackAsync(Savepoint, CancellationToken.None);
                    pending.Fail(ex);
                }

                await transaction.ReleaseAsync(Savepoint, CancellationToken.None);
            }

            await transaction.CommitAsync(CancellationToken.None);
        }
        catch (Exception ex)
        {
            // Nothing of the group committed: the leader gets the error as it is, every other trigger a wrapper of it
            // (one exception object must not be thrown on several threads at once).
            foreach (var pending in group.Where(p => !p.Done))
            {
                pending.Fail(ReferenceEquals(pending.Db, leader) ? ex : new DbUpdateException("The group commit this trigger was part of failed.", ex));
            }
        }

        foreach (var pending in written.Where(p => !p.Done))
        {
            pending.Succeed();
        }

        Interlocked.Increment(ref _groups);
        if (!alone)
        {
            Interlocked.Add(ref _grouped, group.Count);
        }
    }

    /// <summary>The connection groups are written on, once the first group opened it (null without one of its own; for tests).</summary>
    internal DbConnection? Writer => _writer;

    /// <summary>Triggers queued and not yet taken into a group.</summary>
    public int Queued
    {
        get
        {
            lock (_queue)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>
    /// Holds the gate until the result is disposed, as a group being written would: triggers committing meanwhile
    /// queue up and are then written as one group. For tests that need a group of a known make-up.
    /// </summary>
    public async Task<IDisposable> HoldAsync()
    {
        await _gate.WaitAsync();
        return new Release(_gate);
    }

    public void Dispose()
    {
        _writer?.Dispose();
        _gate.Dispose();
    }

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }

    private static async Task WriteAsync(Pending pending, DbConnection connection, DbTransaction transaction, bool keep)
    {
        await pending.Rows.WriteAsync(connection, transaction, keep, CancellationToken.None);
        await HistoryWriter.WriteAsync(pending.Db, connection, transaction, keep, pending.History, CancellationToken.None);
    }

    /// <summary>One trigger's changes waiting to be written, and then its outcome.</summary>
    private sealed class Pending(EngineDbContext db, RowChanges rows, IReadOnlyList<HistoryRecord> history)
    {
        private int _done;

        public EngineDbContext Db { get; } = db;

        public RowChanges Rows { get; } = rows;

        public IReadOnlyList<HistoryRecord> History { get; } = history;

        public Exception? Error { get; private set; }

        public bool Done => Volatile.Read(ref _done) == 1;

        public void Fail(Exception error)
        {
            Error = error;
            Volatile.Write(ref _done, 1);
        }

        public void Succeed() => Volatile.Write(ref _done, 1);
    }
}
