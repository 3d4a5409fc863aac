using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace PropertyFlow.Engine.Persistence;

/// <summary>
/// <c>BEGIN IMMEDIATE</c>, <c>COMMIT</c>, <c>ROLLBACK</c> and one savepoint's <c>SAVEPOINT</c> / <c>RELEASE</c> /
/// <c>ROLLBACK TO</c>, prepared once on an open SQLite connection and stepped directly (<see cref="SqliteStatement"/>).
/// Microsoft.Data.Sqlite builds, prepares and finalizes a new statement for each of them every time, and the group
/// committer runs them for every group and every trigger in it while it holds the lead: SQLite's parser was a
/// measurable share of that serial work.
/// </summary>
/// <remarks>
/// The transaction is SQLite's own, unknown to Microsoft.Data.Sqlite: commands run on the connection inside it must
/// have no <see cref="DbCommand.Transaction"/> (the engine's writers run their statements directly as well). Only
/// for a connection nothing else begins transactions on: the group committer's writer.
/// </remarks>
internal sealed class SqliteTransactionStatements
{
    private static readonly ConditionalWeakTable<DbConnection, SqliteTransactionStatements> Prepared = [];

    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _begin;
    private readonly SqliteCommand _commit;
    private readonly SqliteCommand _rollback;
    private readonly SqliteCommand _save;
    private readonly SqliteCommand _release;
    private readonly SqliteCommand _rollbackTo;

    private SqliteTransactionStatements(SqliteConnection connection, string savepoint)
    {
        _connection = connection;
        _begin = Command("BEGIN IMMEDIATE");
        _commit = Command("COMMIT");
        _rollback = Command("ROLLBACK");
        _save = Command($"SAVEPOINT \"{savepoint}\"");
        _release = Command($"RELEASE SAVEPOINT \"{savepoint}\"");
        _rollbackTo = Command($"ROLLBACK TO SAVEPOINT \"{savepoint}\"");
    }

    /// <summary>The statements of <paramref name="connection"/> with savepoint <paramref name="savepoint"/>; null unless it is an open SQLite connection.</summary>
    public static SqliteTransactionStatements? For(DbConnection connection, string savepoint) =>
        connection is SqliteConnection { State: System.Data.ConnectionState.Open } sqlite
            ? Prepared.GetValue(sqlite, c => new SqliteTransactionStatements((SqliteConnection)c, savepoint))
            : null;

    /// <summary>Whether a transaction is open on the connection (SQLite's autocommit mode is off).</summary>
    public bool InTransaction => raw.sqlite3_get_autocommit(_connection.Handle) == 0;

    public void Begin() => Run(_begin);

    public void Commit() => Run(_commit);

    public void Rollback() => Run(_rollback);

    public void Save() => Run(_save);

    public void Release() => Run(_release);

    public void RollbackToSavepoint() => Run(_rollbackTo);

    private SqliteCommand Command(string sql)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    private static void Run(DbCommand command)
    {
        var statement = SqliteStatement.For(command)
            ?? throw new InvalidOperationException($"'{command.CommandText}' cannot run: the connection is no longer open.");
        _ = statement.TryExecute(command.Parameters);
    }
}
