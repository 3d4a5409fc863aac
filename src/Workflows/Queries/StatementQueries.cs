using Microsoft.EntityFrameworkCore;
using PropertyFlow.Workflows.Data;
using PropertyFlow.Workflows.Domain;

namespace PropertyFlow.Workflows.Queries;

/// <summary>One line of a statement.</summary>
public sealed record StatementLineRow(StatementLineKind Kind, string Category, decimal Amount);

/// <summary>An income and expense statement (收支公示) of a community for one month.</summary>
/// <remarks>
/// <c>Published</c>: Whether it was published (then it never changes).<br/>
/// </remarks>
public sealed record StatementRow(
    Guid Id, string Community, string Period, decimal Income, decimal Expense, decimal Balance, bool Published, DateTimeOffset? PublishedAt,
    IReadOnlyList<StatementLineRow> Lines);

/// <summary>Income and expense statements, for <c>/statements</c> and <c>/api/statements</c>.</summary>
public sealed class StatementQueries(IDbContextFactory<PropertyDbContext> contexts)
{
    /// <summary>Statements of one period (or every period), newest first, each with its lines (income first, larger first).</summary>
    /// <exception cref="PropertyFlow.Engine.ValidationException">The period is not <c>yyyy-MM</c>, or the community is unknown.</exception>
    public async Task<IReadOnlyList<StatementRow>> ListAsync(string? period = null, string? community = null, CancellationToken ct = default)
    {
        var wanted = string.IsNullOrWhiteSpace(period) ? null : QueryInput.Period(period.Trim());
        await using var db = await contexts.CreateDbContextAsync(ct);
        var communities = await db.Communities.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Code, ct);
        var q = db.Statements.AsNoTracking().Include(s => s.Lines).AsQueryable();
        if (wanted is not null)
        {
            q = q.Where(s => s.Period == wanted);
        }

        if (!string.IsNullOrWhiteSpace(community))
        {
            var id = communities.FirstOrDefault(c => string.Equals(c.Value, community.Trim(), StringComparison.OrdinalIgnoreCase)).Key;
            q = id != Guid.Empty ? q.Where(s => s.CommunityId == id) : throw QueryInput.Invalid("community", $"There is no community '{community}'. 没有该小区。");
        }

        var statements = await q.ToListAsync(ct);
        return [.. statements
            .OrderByDescending(s => s.Period, StringComparer.Ordinal)
            .ThenBy(s => communities.GetValueOrDefault(s.CommunityId), StringComparer.Ordinal)
            .Select(s => new StatementRow(s.Id, communities.GetValueOrDefault(s.CommunityId, "?"), s.Period, s.Income, s.Expense, s.Balance,
                s.PublishedAt is not null, s.PublishedAt,
                [.. s.Lines.OrderBy(l => l.Kind).ThenByDescending(l => l.Amount).Select(l => new StatementLineRow(l.Kind, l.Category, l.Amount))]))];
    }
}
