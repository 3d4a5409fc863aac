using Microsoft.EntityFrameworkCore;
using Npgsql;
using PropertyFlow.Workflows.Data;
using PropertyFlow.Workflows.Notices.Outbox;

namespace PropertyFlow.Postgres;

/// <summary>
/// PostgreSQL options for each of PropertyFlow's contexts: the Npgsql provider, the PostgreSQL migrations of this
/// assembly (never the SQLite ones beside the contexts) and each context's own migrations history table, so the
/// engine, the domain and the notices share one database and evolve separately, as they do in the SQLite file.
/// </summary>
public static class PostgresDatabase
{
    /// <summary>The assembly that holds the PostgreSQL migrations: this one.</summary>
    public static readonly string MigrationsAssembly = typeof(PostgresDatabase).Assembly.GetName().Name!;

    /// <summary>The engine's tables on PostgreSQL (default migrations history table, as on SQLite).</summary>
    public static DbContextOptionsBuilder UseEnginePostgres(this DbContextOptionsBuilder builder, string connectionString) =>
        builder.UseNpgsql(Normalize(connectionString), o => o.MigrationsAssembly(MigrationsAssembly));

    /// <summary>The property-management tables on PostgreSQL.</summary>
    public static DbContextOptionsBuilder UsePropertyPostgres(this DbContextOptionsBuilder builder, string connectionString) =>
        builder.UseNpgsql(Normalize(connectionString), o => o.MigrationsAssembly(MigrationsAssembly).MigrationsHistoryTable(PropertyDbContext.MigrationsTable));

    /// <summary>The notice outbox on PostgreSQL.</summary>
    public static DbContextOptionsBuilder UseNoticePostgres(this DbContextOptionsBuilder builder, string connectionString) =>
        builder.UseNpgsql(Normalize(connectionString), o => o.MigrationsAssembly(MigrationsAssembly).MigrationsHistoryTable(NoticeDbContext.MigrationsHistoryTable));

    /// <summary>
    /// Checks the connection string and fills in what PropertyFlow relies on when it is not given: automatic
    /// statement preparation (Npgsql keeps the engine's few hot statements prepared on each pooled connection —
    /// the PostgreSQL counterpart of the prepared statements the engine keeps on its SQLite connections).
    /// </summary>
    /// <exception cref="ArgumentException">The connection string is empty or not one Npgsql can read.</exception>
    public static string Normalize(string connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new ArgumentException("The PostgreSQL connection string (ConnectionStrings:PropertyFlow) is empty.", nameof(connectionString));
        }

        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"The PostgreSQL connection string is not valid: {ex.Message}", nameof(connectionString), ex);
        }

        if (string.IsNullOrEmpty(builder.Host))
        {
            throw new ArgumentException("The PostgreSQL connection string names no Host.", nameof(connectionString));
        }

        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 64;
        }

        return builder.ConnectionString;
    }
}
