using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace PropertyFlow.Server.Accounts;

/// <summary>
/// The accounts on PostgreSQL. Its own context type keeps its migrations (folder <c>Accounts/Postgres</c>) apart
/// from the SQLite ones in the same assembly; the model is the accounts model, except that user names compare
/// case-insensitively through an ICU collation where SQLite uses <c>NOCASE</c>.
/// </summary>
public sealed class PostgresAccountsDbContext(DbContextOptions<AccountsDbContext> options) : AccountsDbContext(options)
{
    /// <summary>The case-insensitive collation of user names.</summary>
    public const string CaseInsensitive = "pf_case_insensitive";

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.HasCollation(CaseInsensitive, locale: "und-u-ks-level2", provider: "icu", deterministic: false);
        modelBuilder.Entity<Account>().Property(a => a.UserName).UseCollation(CaseInsensitive);
    }
}

/// <summary>The accounts on PostgreSQL: <c>UseNpgsql</c> with the accounts' migrations history table.</summary>
public static class AccountsPostgres
{
    /// <summary>Uses PostgreSQL at <paramref name="connectionString"/> with the accounts' own migrations history table.</summary>
    public static DbContextOptionsBuilder UseAccountsPostgres(this DbContextOptionsBuilder builder, string connectionString) =>
        builder.UseNpgsql(connectionString, o => o.MigrationsHistoryTable(AccountsDbContext.MigrationsTable));
}

/// <summary>Hands out <see cref="PostgresAccountsDbContext"/> wherever an accounts context is asked for.</summary>
internal sealed class PostgresAccountsContextFactory(DbContextOptions<AccountsDbContext> options) : IDbContextFactory<AccountsDbContext>
{
    public AccountsDbContext CreateDbContext() => new PostgresAccountsDbContext(options);
}

/// <summary>Lets <c>dotnet dotnet-ef migrations add --context PostgresAccountsDbContext</c> build the context; never connects.</summary>
internal sealed class PostgresAccountsDesignTimeFactory : IDesignTimeDbContextFactory<PostgresAccountsDbContext>
{
    public PostgresAccountsDbContext CreateDbContext(string[] args) =>
        new((DbContextOptions<AccountsDbContext>)new DbContextOptionsBuilder<AccountsDbContext>().UseAccountsPostgres("Host=localhost;Database=propertyflow_design").Options);
}
