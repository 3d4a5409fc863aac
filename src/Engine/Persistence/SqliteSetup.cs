using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SQLitePCL;

namespace PropertyFlow.Engine.Persistence;

/// <summary>SQLite settings for the engine: WAL journal, normal sync, a generous busy timeout.</summary>
public static class SqliteSetup
{
    /// <summary>
    /// The per-connection settings every connection to an engine file needs, the engine's own and those other modules
    /// open on the same file: <c>synchronous=NORMAL</c> (in WAL a commit survives a process crash; only an OS crash can
    /// lose the last commits) and <c>busy_timeout</c> (wait for the write lock in SQLite's own handler).
    /// </summary>
    public const string ConnectionPragmas = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;";

    /// <summary>
    /// Sets SQLite's query planner stability guarantee on an open connection: plans do not depend on bound values.
    /// Without it SQLite (3.47 on) reads a bound <c>LIMIT</c> or <c>OFFSET</c> while planning and marks the statement
    /// to be prepared again whenever that parameter is bound, so a statement prepared once (<c>RowReader</c>) was
    /// parsed and planned at every call — 13 % of the process's CPU in the complaint benchmark — and every EF Core
    /// query with <c>Take()</c> was prepared twice. The engine has no statistics tables and no <c>LIKE</c> on an
    /// indexed column, so no plan here needs the values. For the engine's connections and every other module's on the
    /// same file.
    /// </summary>
    public static void KeepPlansStable(SqliteConnection connection)
    {
        var handle = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        SqliteException.ThrowExceptionForRC(raw.sqlite3_db_config(handle, raw.SQLITE_DBCONFIG_ENABLE_QPSG, 1, out _), handle);
    }

    /// <summary>Uses a SQLite file at <paramref name="path"/> (created when missing).</summary>
    public static DbContextOptionsBuilder UseEngineSqlite(this DbContextOptionsBuilder builder, string path) =>
        builder.UseSqlite(ConnectionString(path));

    internal static string ConnectionString(string path) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Cache = SqliteCacheMode.Private,
        Pooling = true,
        DefaultTimeout = 30, // seconds a writer waits for the lock instead of failing
    }.ToString();

    /// <summary>The connection string when <paramref name="configure"/> chooses SQLite; null for another provider.</summary>
    internal static string? FindSqlite(Action<DbContextOptionsBuilder> configure)
    {
        var probe = new DbContextOptionsBuilder<EngineDbContext>();
        configure(probe);
        using var context = new EngineDbContext(probe.Options); // opens nothing: only asks which provider
        return context.Database.IsSqlite() ? context.Database.GetConnectionString() : null;
    }
}

/// <summary>
/// Contexts on SQLite connections that stay open. EF Core's SQLite provider registers a dozen SQL functions
/// each time it opens a connection itself, which costs far more than the engine's queries; handing it an open
/// connection skips that. Each connection keeps one context for its whole life: disposing the context clears
/// it and gives both back, so a trigger does not pay for building EF Core's per-context services either.
/// </summary>
/// <remarks>
/// WAL checkpoints (copying the log back into the database file) are moved off the writers' path: SQLite's
/// automatic checkpoint runs inside whichever commit crosses the threshold, which made every few hundredth
/// trigger pay for all of them. A timer on the system clock runs a passive checkpoint every
/// <see cref="CheckpointInterval"/> instead; the automatic one stays as a safety net at a high threshold: 100,000
/// pages (about 400 MB of log). At 10,000 pages a burst of a few thousand triggers a second outran the background
/// checkpoint within a second, and from then on every commit, inside the write gate, tried a checkpoint of its own
/// (docs/engine.md, "Less work while the write gate is held"). The log is truncated by the background checkpoint
/// once the engine is idle (<see cref="Checkpoint"/>), never by a commit: SQLite's <c>journal_size_limit</c> cuts the
/// log inside the first commit after a checkpoint caught up, and that <c>ftruncate</c> of a log of hundreds of MB
/// held the write gate for up to 300 ms.
/// </remarks>
internal sealed class SqliteContextFactory : IDbContextFactory<EngineDbContext>, IDisposable
{
    /// <summary>How often the background checkpoint runs. One second.</summary>
    public static readonly TimeSpan CheckpointInterval = TimeSpan.FromSeconds(1);

    private readonly ConcurrentBag<Lease> _idle = [];
    private readonly GroupCommitter _committer;
    private readonly string _connectionString;
    private readonly ITimer _checkpoints;
    private int _checkpointing;
    private long _lastLogFrames = -1;

    public SqliteContextFactory(string connectionString)
    {
        // Each commit reaches the log in one write instead of two per page (WalWriteBatching).
        connectionString = WalWriteBatching.Apply(connectionString);
        _connectionString = connectionString;
        _committer = new GroupCommitter(() => OpenConnection(connectionString));

        // Upkeep of the file, not business time: on the system clock, so a test that moves a fake clock by months
        // does not run a checkpoint for every simulated second.
        _checkpoints = TimeProvider.System.CreateTimer(_ => Checkpoint(), null, CheckpointInterval, CheckpointInterval);
    }

    /// <summary>Group commit for the triggers on this file in this process.</summary>
    public GroupCommitter Committer => _committer;

    public EngineDbContext CreateDbContext() => (_idle.TryTake(out var idle) ? idle : Open()).Context.Lease();

    private Lease Open()
    {
        var connection = OpenConnection(_connectionString);
        var options = new DbContextOptionsBuilder<EngineDbContext>().UseSqlite(connection).Options;
        Lease? lease = null;
        lease = new Lease(connection, new EngineDbContext(options, _ => _idle.Add(lease!)) { Committer = _committer });
        return lease;
    }

    /// <summary>An open connection with the engine's settings: a context's, or the group committer's writer.</summary>
    private static SqliteConnection OpenConnection(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        using (var command = connection.CreateCommand())
        {
            // WAL lets readers go on while one writer commits; synchronous=NORMAL keeps WAL durable across a
            // process crash (only an OS crash can lose the last commits). busy_timeout makes a writer wait in
            // SQLite's own handler for the lock; without it Microsoft.Data.Sqlite retries in 150 ms sleeps, and
            // concurrent triggers spent half their time asleep. No journal_size_limit: it truncates the log inside
            // a commit (see the remarks above). temp_store=MEMORY keeps savepoint journals in
            // memory: group commit writes each trigger inside a savepoint, and past 64 KB SQLite spilled that
            // journal into a temp file, created, written and deleted for every group (half the bytes the process
            // wrote; docs/benchmarks.md, Findings).
            command.CommandText =
                "PRAGMA journal_mode=WAL; " + SqliteSetup.ConnectionPragmas + " PRAGMA wal_autocheckpoint=100000; PRAGMA temp_store=MEMORY;";
            command.ExecuteNonQuery();
        }

        SqliteSetup.KeepPlansStable(connection);
        return connection;
    }

    /// <summary>
    /// The background checkpoint: passive, so writers never wait for it. When the log did not grow over a whole
    /// interval and is all in the database file, the log is truncated to nothing (<c>TRUNCATE</c>, waiting at most
    /// <see cref="TruncateBusyTimeout"/> for readers): the file shrinks while the engine is idle, never inside a
    /// commit.
    /// </summary>
    internal void Checkpoint()
    {
        if (Interlocked.Exchange(ref _checkpointing, 1) == 1)
        {
            return;
        }

        var lease = _idle.TryTake(out var idle) ? idle : Open();
        try
        {
            using var command = lease.Connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
            long log, checkpointed;
            using (var result = command.ExecuteReader())
            {
                result.Read();
                (log, checkpointed) = (result.GetInt64(1), result.GetInt64(2));
            }

            if (IsIdleLog(log, checkpointed, _lastLogFrames))
            {
                command.CommandText =
                    $"PRAGMA busy_timeout={(int)TruncateBusyTimeout.TotalMilliseconds}; PRAGMA wal_checkpoint(TRUNCATE);";
                try
                {
                    command.ExecuteNonQuery();
                }
                finally
                {
                    command.CommandText = SqliteSetup.ConnectionPragmas;
                    command.ExecuteNonQuery();
                }
            }

            _lastLogFrames = log;
        }
        catch (SqliteException)
        {
            // A busy or failed checkpoint is retried next time; the automatic one remains the backstop.
        }
        finally
        {
            _idle.Add(lease);
            Volatile.Write(ref _checkpointing, 0);
        }
    }

    /// <summary>How long a truncating checkpoint waits for readers before it gives up until the next interval. 100 ms.</summary>
    public static readonly TimeSpan TruncateBusyTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Whether the log (<paramref name="log"/> frames, <paramref name="checkpointed"/> of them copied back) is worth
    /// truncating: not empty, all copied back, and no longer than at the previous checkpoint (no writer used it since).
    /// </summary>
    internal static bool IsIdleLog(long log, long checkpointed, long previousLog) =>
        log > 0 && checkpointed == log && log == previousLog;

    public void Dispose()
    {
        _checkpoints.Dispose();
        _committer.Dispose();
        while (_idle.TryTake(out var lease))
        {
            lease.Context.Destroy();
            lease.Connection.Dispose();
        }
    }

    private sealed record Lease(SqliteConnection Connection, EngineDbContext Context);
}
