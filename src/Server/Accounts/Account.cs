namespace PropertyFlow.Server.Accounts;

/// <summary>A staff member's (or a worker program's) account. Guards its own changes.</summary>
public sealed class Account
{
    /// <summary>The longest user name (64 characters).</summary>
    public const int MaxUserNameLength = 64;

    private Account()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>Sign-in name: lower-case ASCII letters, digits, '.', '_' and '-'. Unique, never changed.</summary>
    public string UserName { get; private set; } = "";

    public string DisplayName { get; private set; } = "";

    /// <summary>ASP.NET Core Identity's PBKDF2 hash (version 3 format: salt, iteration count and algorithm in the string).</summary>
    public string PasswordHash { get; private set; } = "";

    /// <summary>Role ids from <see cref="Roles"/>.</summary>
    public List<string> Roles { get; private set; } = [];

    public bool IsActive { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? PasswordChangedAt { get; private set; }

    public static Account Create(string userName, string displayName, IEnumerable<string> roles, string passwordHash, DateTimeOffset now)
    {
        if (!IsValidUserName(userName))
        {
            throw new AccountException("userName", "A user name is 1–64 characters: lower-case letters, digits, '.', '_' or '-'. 用户名只能包含小写字母、数字、'.'、'_'、'-'。");
        }

        var account = new Account
        {
            Id = Guid.NewGuid(),
            UserName = userName,
            PasswordHash = passwordHash,
            IsActive = true,
            CreatedAt = now,
            PasswordChangedAt = now,
        };
        account.Rename(displayName);
        account.SetRoles(roles);
        return account;
    }

    public void Rename(string displayName)
    {
        if (string.IsNullOrWhiteSpace(displayName) || displayName.Length > 100)
        {
            throw new AccountException("displayName", "A display name is 1–100 characters. 显示名称需为 1–100 个字符。");
        }

        DisplayName = displayName.Trim();
    }

    public void SetRoles(IEnumerable<string> roles)
    {
        var list = roles.Distinct(StringComparer.Ordinal).ToList();
        var unknown = list.Where(r => !Accounts.Roles.IsKnown(r)).ToList();
        if (unknown.Count > 0)
        {
            throw new AccountException("roles", $"Unknown role(s): {string.Join(", ", unknown)}. Known: {string.Join(", ", Accounts.Roles.All)}. 未知角色。");
        }

        if (list.Count == 0)
        {
            throw new AccountException("roles", "An account needs at least one role. 账号至少需要一个角色。");
        }

        Roles = list;
    }

    public void ChangePassword(string passwordHash, DateTimeOffset now)
    {
        PasswordHash = passwordHash;
        PasswordChangedAt = now;
    }

    public void Activate() => IsActive = true;

    public void Deactivate() => IsActive = false;

    public static bool IsValidUserName(string? userName) =>
        !string.IsNullOrEmpty(userName) && userName.Length <= MaxUserNameLength
        && userName.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '_' or '-');
}

/// <summary>A change an account refuses; <see cref="Field"/> names the input at fault. HTTP 400.</summary>
public sealed class AccountException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
