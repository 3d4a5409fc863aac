using PropertyFlow.Workflows.Notices;

namespace PropertyFlow.Workflows.Tests.Notices.Fakes;

/// <summary>
/// The recipient directory of the tests (the domain module writes the real one): a few owners and roles,
/// and plain addresses as themselves.
/// </summary>
public sealed class TestRecipients : IRecipientDirectory
{
    public Dictionary<string, List<Recipient>> Known { get; } = new(StringComparer.Ordinal)
    {
        ["owner:A-1201"] = [new Recipient("张伟", "zhang.wei@example.com")],
        ["owner:B-0302"] = [new Recipient("Emma Brown", "emma.brown@example.com", "en")],
        ["role:supervisor"] = [new Recipient("李娜", "li.na@example.com"), new Recipient("Tom Li", "tom.li@example.com", "en")],
        ["role:nobody"] = [],
        ["owner:broken"] = [new Recipient("地址有误", "not-an-address")],
    };

    public Task<IReadOnlyList<Recipient>> ResolveAsync(string to, CancellationToken cancellationToken = default)
    {
        if (Known.TryGetValue(to, out var people))
        {
            return Task.FromResult<IReadOnlyList<Recipient>>(people);
        }

        return to.Contains('@', StringComparison.Ordinal) && !to.Contains(':', StringComparison.Ordinal)
            ? Task.FromResult<IReadOnlyList<Recipient>>([new Recipient(to, to)])
            : throw new ArgumentException($"'{to}' is not a recipient the tests know.", nameof(to));
    }
}
