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
    /// crash (only an OS crash can lose the last commits). busy_timeout makes writers queue instead of failing.
    /// </summary>
    private sealed class PragmaInterceptor : DbConnectionInterceptor
    {
        public static readonly PragmaInterceptor Instance = new();

        private const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;";

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
        {
            using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            command.ExecuteNonQuery();
        }

        public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
