using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace PropertyFlow.Server.Accounts;

/// <summary>The accounts context on the engine's SQLite file.</summary>
public static class AccountsSqlite
{
    /// <summary>Uses the SQLite file at <paramref name="path"/>, with the accounts' own migrations history table.</summary>
    public static DbContextOptionsBuilder UseAccountsSqlite(this DbContextOptionsBuilder builder, string path)
    {
        var connection = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30, // seconds to wait for the engine's writers
        }.ToString();
        builder.UseSqlite(connection, sqlite => sqlite.MigrationsHistoryTable(AccountsDbContext.MigrationsTable))
            .AddInterceptors(PropertyFlow.Workflows.Data.SqlitePragmas.Instance);
        return builder;
    }
}
