using Microsoft.EntityFrameworkCore;
using PropertyFlow.Workflows.Data;
using PropertyFlow.Workflows.Notices;

namespace PropertyFlow.Workflows.Domain;

/// <summary>Resolves notice recipients from the owners and staff tables.</summary>
public sealed class RecipientDirectory(IDbContextFactory<PropertyDbContext> contexts) : IRecipientDirectory
{
    public async Task<IReadOnlyList<Recipient>> ResolveAsync(string to, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(to))
        {
            throw new ArgumentException("A notice needs a recipient: owner:{id}, role:{roleId}, user:{userName} or an e-mail address.", nameof(to));
        }

        to = to.Trim();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (to.StartsWith("owner:", StringComparison.Ordinal))
        {
            var text = to["owner:".Length..];
            if (!Guid.TryParse(text, out var id))
            {
                throw new ArgumentException($"'{text}' in '{to}' is not an owner id.", nameof(to));
            }

            return await db.Owners.Where(o => o.Id == id).Select(o => new Recipient(o.Name, o.Email, o.PreferredLanguage)).ToListAsync(cancellationToken);
        }

        if (to.StartsWith("role:", StringComparison.Ordinal))
        {
            var role = to["role:".Length..];
            if (!Roles.IsKnown(role))
            {
                throw new ArgumentException($"'{role}' is not a role; the roles are {string.Join(", ", Roles.All)}.", nameof(to));
            }

            var staff = await db.Staff.Where(s => s.Role == role && s.OnDuty).ToListAsync(cancellationToken);
            return [.. staff.OrderBy(s => s.UserName, StringComparer.Ordinal).Select(s => new Recipient(s.Name, s.Email))];
        }

        if (to.StartsWith("user:", StringComparison.Ordinal))
        {
            var user = to["user:".Length..];
            return await db.Staff.Where(s => s.UserName == user).Select(s => new Recipient(s.Name, s.Email, "zh")).ToListAsync(cancellationToken);
        }

        if (System.Net.Mail.MailAddress.TryCreate(to, out var address) && address.Address == to)
        {
            var owner = await db.Owners.FirstOrDefaultAsync(o => o.Email == to, cancellationToken);
            if (owner is not null)
            {
                return [new Recipient(owner.Name, owner.Email, owner.PreferredLanguage)];
            }

            var member = await db.Staff.FirstOrDefaultAsync(s => s.Email == to, cancellationToken);
            return [new Recipient(member?.Name ?? to, to)];
        }

        throw new ArgumentException($"'{to}' is not owner:{{id}}, role:{{roleId}}, user:{{userName}} or an e-mail address.", nameof(to));
    }
}
