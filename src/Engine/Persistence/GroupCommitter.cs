using System.Data.Common;
using System.Runtime.ExceptionServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace PropertyFlow.Engine.Persistence;

/// <summary>
/// Group commit for the triggers of one process on one SQLite file. SQLite admits one writer at a time; instead of
/// each trigger beginning its own transaction and waiting for the lock in SQLite's busy handler (which sleeps 1, 2,
/// 5… ms between tries), a trigger queues its changes here. One trigger at a time leads (the write gate): the leader
/// writes every trigger queued at that moment in one transaction on the committer's own connection, each inside a
/// <c>SAVEPOINT</c>, and commits once; it goes on with the next group until its own trigger is written, then hands the
/// lead to the first trigger still queued.
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
/// optimisation inside one process; SQLite's lock stays the truth between processes and nodes. Waiting for the lead
/// and writing a group are not cancellable: a trigger that has queued its changes is written or fails, it is never
/// left half-decided, and a leader's cancellation must not fail the others' triggers.
/// </para>
/// <para>
/// Every group is written on one connection of the committer's own, not on the leader's: a
/// SQLite connection drops its page cache whenever another connection has written since its last transaction, so
/// groups written on whichever worker's connection led re-read the pages of every index they touched, each with a
/// system call. The writer's cache stays warm from one group to the next.
/// </para>
/// <para>
/// The lead passes once per group, not once per trigger: the triggers of a written group are released together and
/// go on in parallel, and only the next leader has to be scheduled before the next group is written. (An earlier
/// gate, a semaphore every trigger passed in turn, had each written follower wait for a thread of the pool before the
/// next group could start; measured, the gate then stood idle for longer than it was written under —
/// docs/benchmarks.md, Findings.)
/// </para>
/// </remarks>
internal sealed class GroupCommitter : IDisposable
{
    /// <summary>Most triggers written in one transaction. 64.</summary>
    public const int MaxGroup = 64;

    private const string Savepoint = "pf_trigger";

    private readonly Queue<Pending> _queue = new();
    private readonly Func<SqliteConnection> _openWriter;
    private SqliteConnection? _writer;

    /// <summary>Whether a leader (or a test's <see cref="HoldAsync"/>) holds the lead; guarded by <see cref="_queue"/>.</summary>
    private bool _leading;

    /// <summary>Completed when the lead is next given up with nothing queued (for <see cref="HoldAsync"/>).</summary>
    private TaskCompletionSource? _whenIdle;

    /// <param name="openWriter">Opens the connection every group is written on (opened at the first group, kept open).</param>
    public GroupCommitter(Func<SqliteConnection> openWriter) => _openWriter = openWriter;

    /// <summary>Groups written so far (for tests and the profile).</summary>
    public long Groups => Interlocked.Read(ref _groups);

    /// <summary>Triggers written in a group of more than one (for tests and the profile).</summary>
    public long GroupedTriggers => Interlocked.Read(ref _grouped);

    /// <summary>How long leaders have held the lead, writing groups, so far (for the profile: the serial part of the work).</summary>
    public TimeSpan Held => System.Diagnostics.Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _heldTicks));

    private long _groups;
    private long _grouped;
    private long _heldTicks;

    /// <summary>
    /// Commits the changes tracked by <paramref name="db"/> and <paramref name="history"/>, alone or in a group, and
    /// then clears the change tracker. Throws what the trigger's own write threw
    /// (<see cref="DbUpdateConcurrencyException"/> on a conflict), or the group's commit error wrapped in a
    /// <see cref="DbUpdateException"/>.
    /// </summary>
    /// <remarks>
    /// The rows are captured from the change tracker here, on the trigger's own thread, before it queues: the lead is
    /// held for binding and running the statements alone (<see cref="RowWriter.Capture"/>).
    /// </remarks>
    public async Task CommitAsync(EngineDbContext db, IReadOnlyList<HistoryRecord> history)
    {
        var mine = new Pending(db, RowWriter.Capture(db), history);
        bool lead;
        lock (_queue)
        {
            _queue.Enqueue(mine);
            lead = !_leading;
            _leading = true;
        }

        // A follower waits until a leader has written its trigger, or has handed it the lead.
        if (lead || !await mine.Turn)
        {
            await LeadAsync(mine);
        }

        if (mine.Error is { } error)
        {
            ExceptionDispatchInfo.Throw(error);
        }

        // The trigger is over and its rows are in the file: the context forgets them, so nothing can be written twice.
        // Clearing drops the tracker's state in one go; accepting each row's changes, as SaveChanges would, walked every
        // entry and its snapshot for a context about to be cleared anyway (4–5 % of the CPU of a complaint).
        db.ChangeTracker.Clear();
    }

    /// <summary>
    /// Writes what is queued, a group at a time, until <paramref name="mine"/> is decided, then hands the lead to the
    /// first trigger still queued (or gives it up). One hand-over per group, not per trigger: the triggers written are
    /// released all at once and go on in parallel, and the next leader is the only one who has to be scheduled before
    /// the next group is written.
    /// </summary>
    private async Task LeadAsync(Pending mine)
    {
        var since = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            while (!mine.Done)
            {
                await WriteGroupAsync(mine.Db, TakeGroup());
            }
        }
        finally
        {
            Interlocked.Add(ref _heldTicks, System.Diagnostics.Stopwatch.GetTimestamp() - since);
            HandOver();
        }
    }

    /// <summary>Gives the lead to the first queued trigger, or, with none queued, frees it for the next to arrive.</summary>
    private void HandOver()
    {
        TaskCompletionSource? idle = null;
        lock (_queue)
        {
            if (_queue.TryPeek(out var next))
            {
                next.Lead();
            }
            else
            {
                _leading = false;
                (idle, _whenIdle) = (_whenIdle, null);
            }
        }

        idle?.TrySetResult();
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

    /// <summary>
    /// Writes <paramref name="group"/> in one transaction on the writer connection, through SQLite's own transaction
    /// statements prepared once (<see cref="SqliteTransactionStatements"/>): Microsoft.Data.Sqlite would parse and
    /// prepare each of them anew for every group and every trigger in it, while the lead is held.
    /// </summary>
    private async Task WriteGroupAsync(EngineDbContext leader, List<Pending> group)
    {
        // Only the leader writes: one group at a time touches the writer connection.
        var alone = group.Count == 1;
        var written = new List<Pending>(group.Count);
        SqliteTransactionStatements? transaction = null;
        var committed = false;
        try
        {
            var connection = _writer ??= _openWriter();
            transaction = SqliteTransactionStatements.For(connection, Savepoint)
                ?? throw new InvalidOperationException("The group committer's writer connection is not open.");
            transaction.Begin();
            foreach (var pending in group)
            {
                if (alone)
                {
                    await WriteAsync(pending, connection);
                    written.Add(pending);
                    continue;
                }

                transaction.Save();
                try
                {
                    await WriteAsync(pending, connection);
                    written.Add(pending);
                }
                catch (Exception ex)
                {
                    // Undo this trigger's writes only; the savepoint's own failure (below) ends the whole group.
                    transaction.RollbackToSavepoint();
                    pending.Fail(ex);
                }

                transaction.Release();
            }

            transaction.Commit();
            committed = true;
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
        finally
        {
            if (!committed)
            {
                await RollBackAsync(transaction);
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

    /// <summary>
    /// Rolls back a group that did not commit. A writer connection that cannot even roll back is closed, so the next
    /// group starts on a fresh one instead of inside this group's transaction.
    /// </summary>
    private async Task RollBackAsync(SqliteTransactionStatements? transaction)
    {
        try
        {
            if (transaction is { InTransaction: true })
            {
                transaction.Rollback();
            }
        }
        catch (Exception) when (_writer is { } broken)
        {
            _writer = null;
            await broken.DisposeAsync();
        }
    }

    /// <summary>The connection groups are written on, once the first group opened it (for tests).</summary>
    internal SqliteConnection? Writer => _writer;

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
    /// Holds the lead until the result is disposed, as a group being written would: triggers committing meanwhile
    /// queue up and are then written as one group. For tests that need a group of a known make-up.
    /// </summary>
    public async Task<IDisposable> HoldAsync()
    {
        while (true)
        {
            Task idle;
            lock (_queue)
            {
                if (!_leading)
                {
                    _leading = true;
                    return new Hold(this);
                }

                idle = (_whenIdle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            }

            await idle;
        }
    }

    public void Dispose() => _writer?.Dispose();

    private sealed class Hold(GroupCommitter committer) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                committer.HandOver();
            }
        }
    }

    /// <summary>One trigger's rows and history, inside the group's transaction (SQLite's own: no ADO.NET transaction to name).</summary>
    private static async Task WriteAsync(Pending pending, DbConnection connection)
    {
        await pending.Rows.WriteAsync(connection, transaction: null, keepPrepared: true, CancellationToken.None);
        await HistoryWriter.WriteAsync(pending.Db, connection, transaction: null, keepPrepared: true, pending.History, CancellationToken.None);
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

        /// <summary>True once a leader has written (or failed) this trigger; false when it is handed the lead.</summary>
        public Task<bool> Turn => _turn.Task;

        private readonly TaskCompletionSource<bool> _turn = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Fail(Exception error)
        {
            Error = error;
            Volatile.Write(ref _done, 1);
            _turn.TrySetResult(true);
        }

        public void Succeed()
        {
            Volatile.Write(ref _done, 1);
            _turn.TrySetResult(true);
        }

        public void Lead() => _turn.TrySetResult(false);
    }
}
