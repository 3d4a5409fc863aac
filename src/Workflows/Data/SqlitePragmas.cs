using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PropertyFlow.Workflows.Data;

/// <summary>
/// Gives every connection the domain, the notice outbox and the accounts open on the engine's SQLite file the same
/// per-connection settings the engine's own connections have (src/Engine/Persistence/SqliteSetup):
/// <c>synchronous=NORMAL</c> — in WAL mode a commit is durable across a process crash and only an OS crash can lose
/// the last commits; SQLite's default FULL syncs the log on every commit, which made each notice queued and each bill
/// written cost a disk flush of its own — and <c>busy_timeout</c>, so a writer waits for the engine's write lock in
/// SQLite's own handler instead of Microsoft.Data.Sqlite's retry loop, which sleeps 150 ms between attempts — and
/// the query planner's stability guarantee (<see cref="Engine.Persistence.SqliteSetup.KeepPlansStable"/>), without
/// which each query with a bound LIMIT is prepared twice. Journal mode WAL is a property of the file, set by the
/// engine when it opens it.
/// </summary>
public sealed class SqlitePragmas : DbConnectionInterceptor
{
    /// <summary>The one instance: it holds no state.</summary>
    public static SqlitePragmas Instance { get; } = new();

    private const string Settings = Engine.Persistence.SqliteSetup.ConnectionPragmas;

    private SqlitePragmas()
    {
    }

    /// <inheritdoc />
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (connection is SqliteConnection sqlite)
        {
            using var command = connection.CreateCommand();
            command.CommandText = Settings;
            command.ExecuteNonQuery();
            Engine.Persistence.SqliteSetup.KeepPlansStable(sqlite);
        }
    }

    /// <inheritdoc />
    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (connection is SqliteConnection sqlite)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Settings;
            await command.ExecuteNonQueryAsync(cancellationToken);
            Engine.Persistence.SqliteSetup.KeepPlansStable(sqlite);
        }
    }
}
