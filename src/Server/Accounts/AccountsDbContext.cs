using Microsoft.EntityFrameworkCore;

namespace PropertyFlow.Server.Accounts;

/// <summary>
/// Accounts live beside the engine's tables in the same database file, under their own <c>acct_</c> prefix and
/// migrations history (<see cref="MigrationsTable"/>), so the engine and the accounts evolve separately.
/// </summary>
public class AccountsDbContext(DbContextOptions<AccountsDbContext> options) : DbContext(options)
{
    /// <summary>EF Core's migrations history table for this context.</summary>
    public const string MigrationsTable = "__accounts_migrations";

    public DbSet<Account> Accounts => Set<Account>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var account = modelBuilder.Entity<Account>();
        account.ToTable("acct_accounts");
        account.HasKey(a => a.Id);
        account.Property(a => a.UserName).HasMaxLength(Account.MaxUserNameLength).UseCollation("NOCASE");
        account.HasIndex(a => a.UserName).IsUnique();
        account.Property(a => a.DisplayName).HasMaxLength(100);
        account.Property(a => a.PasswordHash).HasMaxLength(200);
        account.Property(a => a.Roles); // a JSON array column (EF Core primitive collection)
    }
}
