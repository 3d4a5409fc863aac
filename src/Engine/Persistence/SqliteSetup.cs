using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PropertyFlow.Engine.Persistence;

/// <summary>SQLite settings for the engine: WAL journal, normal sync, a generous busy timeout.</summary>
public static class SqliteSetup
{
    /// <summary>Uses a SQLite file at <paramref name="path"/> (created when missing).</summary>
    public static DbContextOptionsBuilder UseEngineSqlite(this DbContextOptionsBuilder builder, string path)
    {
        var connection = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        return builder.UseSqlite(connection).AddInterceptors(PragmaInterceptor.Instance);
    }

    /// <summary>
    /// WAL lets readers go on while one writer commits; synchronous=NORMAL keeps WAL durable across a process
    /// crash (only an OS crash can lose the last commits). The busy timeout (Default Timeout above) makes writers
    /// queue instead of failing. Pragmas stick to the native handle, and pooled connections reuse handles, so
    /// they run once per handle rather than on every open.
    /// </summary>
    private sealed class PragmaInterceptor : DbConnectionInterceptor
    {
        public static readonly PragmaInterceptor Instance = new();

        private const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;";

        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, object> Prepared = [];

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
        {
            if (NeedsPragmas(connection))
            {
                using var command = connection.CreateCommand();
                command.CommandText = Pragmas;
                command.ExecuteNonQuery();
            }
        }

        public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            if (NeedsPragmas(connection))
            {
                await using var command = connection.CreateCommand();
                command.CommandText = Pragmas;
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        private static bool NeedsPragmas(DbConnection connection) =>
            connection is not SqliteConnection { Handle: { } handle } || Prepared.TryAdd(handle, Instance);
    }
}
