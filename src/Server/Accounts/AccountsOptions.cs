namespace PropertyFlow.Server.Accounts;

/// <summary>Sign-in settings. Section <c>PropertyFlow:Accounts</c>.</summary>
public sealed class AccountsOptions
{
    /// <summary>The development password of the demo accounts when <see cref="SeedPassword"/> is not set.</summary>
    public const string DevelopmentSeedPassword = "PropertyFlow-demo-2026";

    /// <summary>
    /// Password of the demo accounts created on first start (one per role). Default none: in Development the
    /// documented <see cref="DevelopmentSeedPassword"/> is used, elsewhere a random one; either is printed once to the
    /// console when the accounts are created and never again. A configured password is never printed.
    /// </summary>
    public string? SeedPassword { get; set; }

    /// <summary>Create the demo accounts when the accounts table is empty. Default true.</summary>
    public bool SeedDemoAccounts { get; set; } = true;

    /// <summary>Failed sign-ins of one account before each further try is delayed. Default 5.</summary>
    public int FreeFailuresPerAccount { get; set; } = 5;

    /// <summary>Failed sign-ins from one address (any account) before each further try is delayed. Default 20.</summary>
    public int FreeFailuresPerAddress { get; set; } = 20;

    /// <summary>The first delay after the free failures; it doubles with each further failure. Default 2 seconds.</summary>
    public TimeSpan FirstDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest delay. Default 15 minutes.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Failures older than this are forgotten. Default 1 hour.</summary>
    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a console sign-in lasts without activity (sliding). Default 8 hours.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);
}
