using Hangfire;
using Hangfire.PostgreSql;
using Microsoft.EntityFrameworkCore;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Postgres;
using PropertyFlow.Server.Accounts;
using PropertyFlow.Workflows.Data;
using PropertyFlow.Workflows.Notices.Outbox;

namespace PropertyFlow.Server.Hosting;

/// <summary>The database providers the server runs on.</summary>
public enum DatabaseProvider
{
    /// <summary>One SQLite file (<c>PropertyFlow:Database</c>): one node. The default.</summary>
    Sqlite,

    /// <summary>PostgreSQL (<c>ConnectionStrings:PropertyFlow</c>): any number of nodes on one database.</summary>
    PostgreSql,
}

/// <summary>
/// Where every context of the server keeps its tables: configuration <c>PropertyFlow:Database:Provider</c>
/// (<c>Sqlite</c>, the default, or <c>PostgreSql</c>) with the SQLite file <c>PropertyFlow:Database</c> or the
/// connection string <c>ConnectionStrings:PropertyFlow</c>. The engine, the domain, the notices and the accounts
/// share one database; Hangfire uses its PostgreSQL storage on PostgreSQL, its in-memory storage on SQLite.
/// </summary>
/// <param name="Provider">The provider.</param>
/// <param name="SqlitePath">The full path of the SQLite file (SQLite only).</param>
/// <param name="ConnectionString">The PostgreSQL connection string (PostgreSQL only).</param>
public sealed record DatabaseChoice(DatabaseProvider Provider, string? SqlitePath, string? ConnectionString)
{
    /// <summary>The configuration key of the provider.</summary>
    public const string ProviderKey = "PropertyFlow:Database:Provider";

    /// <summary>The name of the connection string (<c>ConnectionStrings:PropertyFlow</c>).</summary>
    public const string ConnectionStringName = "PropertyFlow";

    /// <summary>Reads the choice from configuration.</summary>
    /// <exception cref="InvalidOperationException">An unknown provider, or PostgreSQL without a usable connection string.</exception>
    public static DatabaseChoice From(IConfiguration configuration, string sqlitePath)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var configured = configuration[ProviderKey];
        if (string.IsNullOrWhiteSpace(configured) || string.Equals(configured.Trim(), nameof(DatabaseProvider.Sqlite), StringComparison.OrdinalIgnoreCase))
        {
            return new DatabaseChoice(DatabaseProvider.Sqlite, sqlitePath, null);
        }

        if (!string.Equals(configured.Trim(), nameof(DatabaseProvider.PostgreSql), StringComparison.OrdinalIgnoreCase)
            && !string.Equals(configured.Trim(), "Postgres", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"{ProviderKey} is '{configured}': use Sqlite (the default) or PostgreSql.");
        }

        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException($"{ProviderKey} is PostgreSql but ConnectionStrings:{ConnectionStringName} is not set.");
        }

        try
        {
            return new DatabaseChoice(DatabaseProvider.PostgreSql, null, PostgresDatabase.Normalize(connectionString));
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException($"ConnectionStrings:{ConnectionStringName}: {ex.Message}", ex);
        }
    }

    /// <summary>True on PostgreSQL.</summary>
    public bool IsPostgreSql => Provider == DatabaseProvider.PostgreSql;

    /// <summary>The engine's tables.</summary>
    public void Engine(DbContextOptionsBuilder db)
    {
        if (IsPostgreSql)
        {
            db.UseEnginePostgres(ConnectionString!);
        }
        else
        {
            db.UseEngineSqlite(SqlitePath!);
        }
    }

    /// <summary>The property-management tables.</summary>
    public void Property(DbContextOptionsBuilder db)
    {
        if (IsPostgreSql)
        {
            db.UsePropertyPostgres(ConnectionString!);
        }
        else
        {
            db.UsePropertySqlite(SqlitePath!);
        }
    }

    /// <summary>The notice outbox.</summary>
    public void Notice(DbContextOptionsBuilder db)
    {
        if (IsPostgreSql)
        {
            db.UseNoticePostgres(ConnectionString!);
        }
        else
        {
            db.UseNoticeSqlite(SqlitePath!);
        }
    }

    /// <summary>The accounts (on PostgreSQL through <see cref="PostgresAccountsDbContext"/> and its own migrations).</summary>
    public void AddAccounts(IServiceCollection services)
    {
        if (IsPostgreSql)
        {
            var options = (DbContextOptions<AccountsDbContext>)new DbContextOptionsBuilder<AccountsDbContext>()
                .UseAccountsPostgres(ConnectionString!).Options;
            services.AddSingleton<IDbContextFactory<AccountsDbContext>>(new PostgresAccountsContextFactory(options));
        }
        else
        {
            services.AddDbContextFactory<AccountsDbContext>(db => db.UseAccountsSqlite(SqlitePath!));
        }
    }

    /// <summary>Hangfire's storage: PostgreSQL (shared by every node, schema <c>hangfire</c>) or in memory (one node).</summary>
    public void Hangfire(IGlobalConfiguration hangfire)
    {
        if (IsPostgreSql)
        {
            hangfire.UsePostgreSqlStorage(o => o.UseNpgsqlConnection(ConnectionString!), new PostgreSqlStorageOptions { PrepareSchemaIfNecessary = true });
        }
        else
        {
            hangfire.UseInMemoryStorage();
        }
    }
}
