using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace PropertyFlow.Server.Accounts;

/// <summary>What a sign-in attempt came to.</summary>
public enum SignInOutcome
{
    Succeeded,

    /// <summary>Unknown user, wrong password or inactive account: deliberately not told apart.</summary>
    Failed,

    /// <summary>Too many recent failures; try again after <see cref="SignInAttempt.RetryAfter"/>.</summary>
    Throttled,
}

public sealed record SignInAttempt(SignInOutcome Outcome, Account? Account = null, TimeSpan RetryAfter = default);

/// <summary>Accounts: password checks (throttled), creation and changes. Passwords are stored as PBKDF2 hashes only.</summary>
public sealed class AccountStore(
    IDbContextFactory<AccountsDbContext> contexts,
    IPasswordHasher<Account> hasher,
    SignInThrottle throttle,
    TimeProvider time)
{
    /// <summary>The shortest password accepted (8 characters).</summary>
    public const int MinPasswordLength = 8;

    /// <summary>The claim holding the display name.</summary>
    public const string DisplayNameClaim = "pf:display_name";

    // Checked for unknown user names so that a miss costs as long as a wrong password (no user enumeration by timing).
    private readonly Lazy<string> _dummyHash = new(() => hasher.HashPassword(null!, "no such account"));

    /// <summary>Checks a user name and password, counting failures against the account and the caller's address.</summary>
    public async Task<SignInAttempt> SignInAsync(string userName, string password, string? address, CancellationToken ct = default)
    {
        userName = (userName ?? "").Trim().ToLowerInvariant();
        var wait = throttle.RetryAfter(userName, address);
        if (wait > TimeSpan.Zero)
        {
            return new SignInAttempt(SignInOutcome.Throttled, RetryAfter: wait);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var account = Account.IsValidUserName(userName) ? await db.Accounts.FirstOrDefaultAsync(a => a.UserName == userName, ct) : null;
        var verdict = hasher.VerifyHashedPassword(account!, account?.PasswordHash ?? _dummyHash.Value, password ?? "");
        if (account is null || !account.IsActive || verdict == PasswordVerificationResult.Failed)
        {
            throttle.Failed(userName, address);
            return new SignInAttempt(SignInOutcome.Failed);
        }

        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            account.ChangePassword(hasher.HashPassword(account, password!), account.PasswordChangedAt ?? time.GetUtcNow());
            await db.SaveChangesAsync(ct);
        }

        throttle.Succeeded(userName);
        return new SignInAttempt(SignInOutcome.Succeeded, account);
    }

    public async Task<Account?> FindAsync(string userName, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.UserName == userName, ct);
    }

    public async Task<IReadOnlyList<Account>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Accounts.AsNoTracking().OrderBy(a => a.UserName).ToListAsync(ct);
    }

    public async Task<bool> AnyAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Accounts.AnyAsync(ct);
    }

    /// <summary>Creates an account. Throws <see cref="AccountException"/> for bad input or a taken user name.</summary>
    public async Task<Account> CreateAsync(string userName, string displayName, IEnumerable<string> roles, string password, CancellationToken ct = default)
    {
        CheckPassword(password);
        var account = Account.Create(userName, displayName, roles, "", time.GetUtcNow());
        account.ChangePassword(hasher.HashPassword(account, password), time.GetUtcNow());
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (await db.Accounts.AnyAsync(a => a.UserName == account.UserName, ct))
        {
            throw new AccountException("userName", $"The user name '{account.UserName}' is taken. 用户名已被使用。");
        }

        db.Accounts.Add(account);
        await db.SaveChangesAsync(ct);
        return account;
    }

    /// <summary>Changes what is given (null leaves it). Returns null when there is no such account.</summary>
    public async Task<Account?> UpdateAsync(string userName, string? displayName, IEnumerable<string>? roles, bool? active, string? password, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var account = await db.Accounts.FirstOrDefaultAsync(a => a.UserName == userName, ct);
        if (account is null)
        {
            return null;
        }

        if (displayName is not null)
        {
            account.Rename(displayName);
        }

        if (roles is not null)
        {
            account.SetRoles(roles);
        }

        if (active is { } isActive)
        {
            if (isActive)
            {
                account.Activate();
            }
            else
            {
                account.Deactivate();
            }
        }

        if (password is not null)
        {
            CheckPassword(password);
            account.ChangePassword(hasher.HashPassword(account, password), time.GetUtcNow());
        }

        await db.SaveChangesAsync(ct);
        return account;
    }

    /// <summary>The signed-in identity: user name, display name and one role claim per role.</summary>
    public static ClaimsPrincipal Principal(Account account, string authenticationType)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, account.UserName),
            new(ClaimTypes.Name, account.UserName),
            new(DisplayNameClaim, account.DisplayName),
        };
        claims.AddRange(account.Roles.Select(r => new Claim(ClaimTypes.Role, r)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, ClaimTypes.Name, ClaimTypes.Role));
    }

    private static void CheckPassword(string? password)
    {
        if (password is null || password.Length < MinPasswordLength || password.Length > 200)
        {
            throw new AccountException("password", $"A password is {MinPasswordLength}–200 characters. 密码需为 {MinPasswordLength}–200 个字符。");
        }
    }
}
