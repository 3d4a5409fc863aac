using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace PropertyFlow.Server.Accounts;

/// <summary>
/// Accounts live beside the engine's tables in the same database file, under their own <c>acct_</c> prefix and
/// migrations history (<see cref="MigrationsTable"/>), so the engine and the accounts evolve separately. The console's
/// Data Protection key ring (which protects the sign-in cookie and anti-forgery tokens) lives here too
/// (<c>acct_data_protection_keys</c>), so every node of a cluster reads a cookie any other node issued.
/// </summary>
public class AccountsDbContext(DbContextOptions<AccountsDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
    /// <summary>EF Core's migrations history table for this context.</summary>
    public const string MigrationsTable = "__accounts_migrations";

    public DbSet<Account> Accounts => Set<Account>();

    /// <summary>The Data Protection keys shared by every node (XML elements, as ASP.NET Core writes them).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

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

        modelBuilder.Entity<DataProtectionKey>().ToTable("acct_data_protection_keys");
    }
}
