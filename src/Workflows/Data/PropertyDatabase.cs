using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace PropertyFlow.Workflows.Data;

/// <summary>Database settings of the property-management tables.</summary>
public static class PropertyDatabase
{
    /// <summary>
    /// Uses the SQLite file at <paramref name="path"/> (the engine's file in production) with this context's own
    /// migration history table. For PostgreSQL: <c>UseNpgsql(cs, o =&gt; o.MigrationsHistoryTable(PropertyDbContext.MigrationsTable))</c>.
    /// </summary>
    public static DbContextOptionsBuilder UsePropertySqlite(this DbContextOptionsBuilder builder, string path) =>
        builder.UseSqlite(
            new SqliteConnectionStringBuilder
            {
                DataSource = path,
                Mode = SqliteOpenMode.ReadWriteCreate,
                Pooling = true,
                DefaultTimeout = 30, // seconds a writer waits for the engine's lock instead of failing
            }.ToString(),
            o => o.MigrationsHistoryTable(PropertyDbContext.MigrationsTable))
        .AddInterceptors(SqlitePragmas.Instance);

    /// <summary>Builds the options and checks they keep the migration history apart from the engine's.</summary>
    /// <exception cref="InvalidOperationException">The history table is not <see cref="PropertyDbContext.MigrationsTable"/>.</exception>
    internal static DbContextOptions<PropertyDbContext> Options(Action<DbContextOptionsBuilder> database)
    {
        var builder = new DbContextOptionsBuilder<PropertyDbContext>();
        database(builder);
        var relational = RelationalOptionsExtension.Extract(builder.Options);
        if (relational.MigrationsHistoryTableName != PropertyDbContext.MigrationsTable)
        {
            throw new InvalidOperationException(
                $"The property database must keep its migration history in '{PropertyDbContext.MigrationsTable}' (the engine uses the default table in the same database): use UsePropertySqlite(path) or set MigrationsHistoryTable.");
        }

        return builder.Options;
    }
}

/// <summary>Contexts for the handlers: one per unit of work, each on the clock the host uses.</summary>
internal sealed class PropertyDbContextFactory(DbContextOptions<PropertyDbContext> options, TimeProvider time) : IDbContextFactory<PropertyDbContext>
{
    public PropertyDbContext CreateDbContext() => new(options, time);
}

/// <summary>Lets <c>dotnet dotnet-ef migrations add</c> build the context; never used at run time.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<PropertyDbContext>
{
    public PropertyDbContext CreateDbContext(string[] args) =>
        new(PropertyDatabase.Options(db => db.UsePropertySqlite("design-time.db")), TimeProvider.System);
}
