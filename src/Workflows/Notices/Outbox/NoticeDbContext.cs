using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace PropertyFlow.Workflows.Notices.Outbox;

/// <summary>
/// The notice module's own tables (<c>notice_outbox</c>), with their own migrations history
/// (<see cref="MigrationsHistoryTable"/>), so they live beside the engine's tables in the same database
/// without either module knowing the other's schema. Works on SQLite (default) and PostgreSQL.
/// </summary>
public sealed class NoticeDbContext(DbContextOptions<NoticeDbContext> options) : DbContext(options)
{
    /// <summary>The table that records which notice migrations have run: <c>__notice_migrations</c>.</summary>
    public const string MigrationsHistoryTable = "__notice_migrations";

    public DbSet<NoticeRecord> Notices => Set<NoticeRecord>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        if (Database.IsSqlite())
        {
            // SQLite has no timestamp type and EF cannot compare DateTimeOffset stored as text. Every instant
            // here is UTC, so the binary form orders correctly (the engine does the same).
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        }
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<NoticeRecord>(e =>
        {
            e.ToTable("notice_outbox");
            e.HasKey(x => x.Id);
            e.Property(x => x.IdempotencyKey).HasMaxLength(400);
            e.HasIndex(x => x.IdempotencyKey).IsUnique();
            e.Property(x => x.Template).HasMaxLength(100);
            e.Property(x => x.Language).HasMaxLength(8);
            e.Property(x => x.RecipientName).HasMaxLength(200);
            e.Property(x => x.RecipientAddress).HasMaxLength(320);
            e.Property(x => x.Subject).HasMaxLength(500);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.LastError).HasMaxLength(2000);
            e.Property(x => x.LockedBy).HasMaxLength(100);
            e.HasIndex(x => new { x.Status, x.NextAttemptAt });
        });
    }
}

/// <summary>Database settings for the notice outbox.</summary>
public static class NoticeDatabase
{
    /// <summary>
    /// Uses the SQLite file at <paramref name="path"/> (created when missing; the engine's file in production),
    /// with the notice module's own migrations history table.
    /// </summary>
    public static DbContextOptionsBuilder UseNoticeSqlite(this DbContextOptionsBuilder builder, string path) =>
        builder.UseSqlite(
            new SqliteConnectionStringBuilder
            {
                DataSource = path,
                Mode = SqliteOpenMode.ReadWriteCreate,
                Pooling = true,
                DefaultTimeout = 30, // seconds a writer waits for the engine's lock instead of failing
            }.ToString(),
            sqlite => sqlite.MigrationsHistoryTable(NoticeDbContext.MigrationsHistoryTable))
        .AddInterceptors(Data.SqlitePragmas.Instance);

    /// <summary>Creates the notice tables or brings them up to date. Call once at start-up, after the engine's.</summary>
    public static async Task MigrateAsync(IDbContextFactory<NoticeDbContext> contexts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
    }
}

/// <summary>Lets <c>dotnet dotnet-ef migrations add</c> build the context; never used at run time.</summary>
internal sealed class NoticeDesignTimeFactory : IDesignTimeDbContextFactory<NoticeDbContext>
{
    public NoticeDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<NoticeDbContext>();
        builder.UseNoticeSqlite("design-time.db");
        return new NoticeDbContext(builder.Options);
    }
}
