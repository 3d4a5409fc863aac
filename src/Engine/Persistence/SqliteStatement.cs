using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace PropertyFlow.Engine.Persistence;

/// <summary>
/// A prepared ADO.NET command of an open SQLite connection run as a SQLite statement of its own, bound by position
/// and stepped directly. The engine's writes (<see cref="RowWriter"/>, <see cref="HistoryWriter"/>) are many
/// one-row statements per trigger, and for each execution Microsoft.Data.Sqlite builds a data reader, a statement
/// enumerator and a binder object per parameter, and looks every parameter up by its name; for a one-row INSERT or
/// UPDATE that was more than SQLite's own work.
/// </summary>
/// <remarks>
/// The values are the command's parameter values after the caller bound them (so the EF model's conversions still
/// apply), written as Microsoft.Data.Sqlite writes them: text, integers, reals, blobs, null, and a <see cref="Guid"/>
/// as upper-case text. A value of any other type, or text longer than its parameter's size (which the command would
/// truncate), makes <see cref="TryExecute"/> return null before anything is bound: the caller runs the command.
/// Runs inside whatever transaction or savepoint the connection has open, as the command would. The statement is
/// finalized when the connection closes. <c>HistoryWriterTests</c> compares the rows with the command's, column by
/// column and storage class by storage class.
/// </remarks>
internal sealed class SqliteStatement
{
    private static readonly ConditionalWeakTable<DbCommand, SqliteStatement> Statements = [];

    private readonly SqliteConnection _connection;
    private readonly sqlite3_stmt _statement;
    private readonly int[] _positions;
    private readonly bool _usable;

    private SqliteStatement(SqliteConnection connection, sqlite3_stmt statement, int[] positions, bool usable)
    {
        _connection = connection;
        _statement = statement;
        _positions = positions;
        _usable = usable;
    }

    /// <summary>The statement for <paramref name="command"/> (prepared on first use); null when its connection is not an open SQLite one.</summary>
    public static SqliteStatement? For(DbCommand command)
    {
        if (Statements.TryGetValue(command, out var existing))
        {
            return existing._usable && existing._connection.State == System.Data.ConnectionState.Open ? existing : null;
        }

        if (command.Connection is not SqliteConnection { State: System.Data.ConnectionState.Open, Handle: { } handle } connection)
        {
            return null;
        }

        var rc = raw.sqlite3_prepare_v2(handle, command.CommandText, out var statement);
        SqliteException.ThrowExceptionForRC(rc, handle);
        var positions = new int[command.Parameters.Count];
        for (var i = 0; i < positions.Length; i++)
        {
            positions[i] = raw.sqlite3_bind_parameter_index(statement, command.Parameters[i].ParameterName);
            if (positions[i] == 0)
            {
                // A name this statement does not know as written: leave this command to ADO.NET for good.
                statement.Dispose();
                Statements.AddOrUpdate(command, new SqliteStatement(connection, statement, positions, usable: false));
                return null;
            }
        }

        var created = new SqliteStatement(connection, statement, positions, usable: true);
        Statements.AddOrUpdate(command, created);
        connection.StateChange += created.OnStateChange;
        return created;
    }

    /// <summary>Runs the statement with <paramref name="parameters"/>' values; the rows it changed, or null when a value needs the command.</summary>
    public int? TryExecute(DbParameterCollection parameters)
    {
        if (parameters.Count != _positions.Length)
        {
            return null;
        }

        for (var i = 0; i < parameters.Count; i++)
        {
            if (!IsPlain(parameters[i]))
            {
                return null;
            }
        }

        var handle = _connection.Handle!;
        try
        {
            for (var i = 0; i < parameters.Count; i++)
            {
                SqliteException.ThrowExceptionForRC(Bind(_positions[i], parameters[i].Value), handle);
            }

            var rc = raw.sqlite3_step(_statement);
            if (rc != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(rc, handle);
            }

            return raw.sqlite3_changes(handle);
        }
        finally
        {
            raw.sqlite3_reset(_statement);
            raw.sqlite3_clear_bindings(_statement);
        }
    }

    /// <summary>A value bound here exactly as the command would bind it.</summary>
    private static bool IsPlain(DbParameter parameter) => parameter.Value switch
    {
        string text => parameter.Size <= 0 || text.Length <= parameter.Size,
        byte[] blob => parameter.Size <= 0 || blob.Length <= parameter.Size,
        var value => value is null or DBNull or Guid or long or int or short or byte or bool or double or float,
    };

    private int Bind(int index, object? value) => value switch
    {
        null or DBNull => raw.sqlite3_bind_null(_statement, index),
        string text => raw.sqlite3_bind_text(_statement, index, text),
        Guid guid => raw.sqlite3_bind_text(_statement, index, guid.ToString().ToUpperInvariant()),
        long number => raw.sqlite3_bind_int64(_statement, index, number),
        int number => raw.sqlite3_bind_int64(_statement, index, number),
        short number => raw.sqlite3_bind_int64(_statement, index, number),
        byte number => raw.sqlite3_bind_int64(_statement, index, number),
        bool flag => raw.sqlite3_bind_int64(_statement, index, flag ? 1 : 0),
        double real => raw.sqlite3_bind_double(_statement, index, real),
        float real => raw.sqlite3_bind_double(_statement, index, real),
        byte[] blob => raw.sqlite3_bind_blob(_statement, index, blob),
        _ => throw new InvalidOperationException($"A value of type {value.GetType()} cannot be bound directly."),
    };

    private void OnStateChange(object? sender, System.Data.StateChangeEventArgs e)
    {
        if (e.CurrentState != System.Data.ConnectionState.Open)
        {
            _connection.StateChange -= OnStateChange;
            _statement.Dispose();
        }
    }
}
