using System.Globalization;

namespace PropertyFlow.Workflows.Domain;

/// <summary>The outcome of a fair choice: who, and a sentence saying why that a supervisor can check.</summary>
public sealed record DispatchChoice(Staff Staff, int Load, string Reason);

/// <summary>
/// Picks the least-loaded person among candidates. Ties go to the user name that sorts first (ordinal), so the same
/// data always gives the same choice.
/// </summary>
public static class FairDispatch
{
    /// <summary>Chooses among <paramref name="candidates"/> by <paramref name="load"/>; null when there is nobody.</summary>
    /// <param name="candidates">Those who may take the work (already filtered: on duty, right skill or role).</param>
    /// <param name="load">The open work each candidate holds now.</param>
    /// <param name="what">What was needed, for the reason text (<c>skill 'plumbing'</c>).</param>
    /// <param name="unit">What the load counts (<c>open work orders</c>).</param>
    public static DispatchChoice? Choose(IEnumerable<Staff> candidates, Func<Staff, int> load, string what, string unit)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(load);
        var ranked = candidates
            .Select(s => (Staff: s, Load: load(s)))
            .OrderBy(x => x.Load)
            .ThenBy(x => x.Staff.UserName, StringComparer.Ordinal)
            .ToList();
        if (ranked.Count == 0)
        {
            return null;
        }

        var (staff, least) = ranked[0];
        var tied = ranked.Count(x => x.Load == least);
        var all = string.Join(", ", ranked.Select(x => string.Create(CultureInfo.InvariantCulture, $"{x.Staff.UserName}={x.Load}")));
        var reason = string.Create(CultureInfo.InvariantCulture,
            $"{staff.Name} ({staff.UserName}) has {least} {unit}, the fewest of {ranked.Count} on-duty staff with {what} [{all}]")
            + (tied > 1 ? string.Create(CultureInfo.InvariantCulture, $"; tie of {tied} broken by user name") : "")
            + ".";
        return new DispatchChoice(staff, least, reason);
    }
}
