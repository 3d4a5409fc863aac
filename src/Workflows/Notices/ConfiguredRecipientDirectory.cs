using Microsoft.Extensions.Options;
using MimeKit;

namespace PropertyFlow.Workflows.Notices;

/// <summary>
/// A stand-in <see cref="IRecipientDirectory"/> until the domain module's directory (owners and staff from
/// its tables) replaces it: plain e-mail addresses, and <c>user:</c> / <c>role:</c> names listed in
/// configuration (<see cref="NoticeOptions.Users"/>, <see cref="NoticeOptions.Roles"/>). It knows no owners:
/// <c>owner:</c> is a clear error, so the task becomes an incident instead of a notice sent to nobody.
/// </summary>
public sealed class ConfiguredRecipientDirectory(IOptions<NoticeOptions> options) : IRecipientDirectory
{
    private readonly NoticeOptions _options = options.Value;

    /// <inheritdoc />
    public Task<IReadOnlyList<Recipient>> ResolveAsync(string to, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(to);
        to = to.Trim();
        if (to.StartsWith("user:", StringComparison.Ordinal))
        {
            return Task.FromResult<IReadOnlyList<Recipient>>([User(to[5..])]);
        }

        if (to.StartsWith("role:", StringComparison.Ordinal))
        {
            var users = _options.Roles.TryGetValue(to[5..], out var names) ? names : [];
            return Task.FromResult<IReadOnlyList<Recipient>>([.. users.Select(User)]);
        }

        if (to.StartsWith("owner:", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{to}': owners are found by the domain module's recipient directory, which this host does not have yet.", nameof(to));
        }

        return Task.FromResult<IReadOnlyList<Recipient>>([Address(to, to)]);
    }

    private Recipient User(string userName) =>
        _options.Users.TryGetValue(userName, out var address)
            ? Address(address, $"user:{userName}")
            : throw new ArgumentException($"'user:{userName}' is not listed under PropertyFlow:Notices:Users.", nameof(userName));

    private Recipient Address(string text, string source)
    {
        if (!MailboxAddress.TryParse(text, out var mailbox) || !mailbox.Address.Contains('@', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{source}' is not an e-mail address, 'user:NAME' or 'role:ID'.", nameof(text));
        }

        var name = string.IsNullOrWhiteSpace(mailbox.Name) ? mailbox.Address : mailbox.Name;
        return new Recipient(name, mailbox.Address, _options.DefaultLanguage);
    }
}
