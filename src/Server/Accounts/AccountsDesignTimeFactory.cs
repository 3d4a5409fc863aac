using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace PropertyFlow.Server.Accounts;

/// <summary>Lets <c>dotnet ef migrations add</c> build the accounts context; never used at run time.</summary>
internal sealed class AccountsDesignTimeFactory : IDesignTimeDbContextFactory<AccountsDbContext>
{
    public AccountsDbContext CreateDbContext(string[] args) =>
        new((DbContextOptions<AccountsDbContext>)new DbContextOptionsBuilder<AccountsDbContext>().UseAccountsSqlite("design-time.db").Options);
}
