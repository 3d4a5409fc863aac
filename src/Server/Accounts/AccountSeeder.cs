using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace PropertyFlow.Server.Accounts;

/// <summary>
/// At start-up: brings the accounts tables up to date and, when there is no account at all, creates one demo
/// account per role (user name = role id). Their password is printed to the console once, at that moment, and is
/// never written to the logs.
/// </summary>
public sealed class AccountSeeder(
    IDbContextFactory<AccountsDbContext> contexts,
    AccountStore store,
    IOptions<AccountsOptions> options,
    IHostEnvironment environment,
    ILogger<AccountSeeder> logger) : IHostedService
{
    /// <summary>Demo display names, Chinese and English.</summary>
    private static readonly Dictionary<string, string> DemoNames = new()
    {
        [Roles.CustomerService] = "客服 小王 (Customer service)",
        [Roles.Maintenance] = "维修 老李 (Maintenance)",
        [Roles.Finance] = "财务 陈会计 (Finance)",
        [Roles.Supervisor] = "主管 张主管 (Supervisor)",
        [Roles.Manager] = "经理 刘经理 (Manager)",
        [Roles.Admin] = "系统管理员 (Administrator)",
        [Roles.Worker] = "外部任务程序 (External worker)",
    };

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            await db.Database.MigrateAsync(cancellationToken);
        }

        if (!options.Value.SeedDemoAccounts || await store.AnyAsync(cancellationToken))
        {
            return;
        }

        var configured = options.Value.SeedPassword;
        var password = configured
            ?? (environment.IsDevelopment() ? AccountsOptions.DevelopmentSeedPassword : RandomNumberGenerator.GetString("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 20));
        foreach (var role in Roles.All)
        {
            await store.CreateAsync(role, DemoNames[role], [role], password, cancellationToken);
        }

        logger.LogInformation("Created {Count} demo accounts, one per role.", Roles.All.Count);
        if (configured is null)
        {
            // Straight to the console, not through logging: the password must not end up in log files.
            await Console.Out.WriteLineAsync(
                $"PropertyFlow: demo accounts {string.Join(", ", Roles.All)} created with password: {password}  (shown once; change it / 仅显示一次，请修改)");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
