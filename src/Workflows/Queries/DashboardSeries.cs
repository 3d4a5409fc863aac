namespace PropertyFlow.Workflows.Queries;

/// <summary>What the dashboard asks for: a range of days (both inclusive, in the engine's time zone) and optionally one community.</summary>
/// <param name="From">First day; default: the first day of the month eleven months before <paramref name="To"/> (a year of months).</param>
/// <param name="To">Last day; default: today.</param>
/// <param name="Community">A community code (<c>SG</c>); null: every community.</param>
public sealed record DashboardRequest(DateOnly? From = null, DateOnly? To = null, string? Community = null);

/// <summary>
/// The dashboard's figures as series: one array per measure, index-aligned with the bucket labels, so a chart
/// library draws them as they are. Percentages have one decimal and are null where there was nothing to measure.
/// </summary>
/// <param name="From">First day of the range.</param>
/// <param name="To">Last day of the range.</param>
/// <param name="Community">The community code asked for, or null for all.</param>
/// <param name="Now">When the figures were computed (the server's clock).</param>
/// <param name="TimeZone">The time zone that days, weeks and months are read in.</param>
/// <param name="ComplaintSlaHours">A complaint is on time when closed within this many hours of being recorded.</param>
/// <param name="Weeks">Complaint figures per ISO week (Monday first).</param>
/// <param name="Months">Collection per billing month.</param>
/// <param name="Quarters">Satisfaction per calendar quarter.</param>
/// <param name="OpenTasks">Open engine tasks per role, now (not limited by the range or the community).</param>
/// <param name="Communities">Every community, for the page's filter.</param>
public sealed record DashboardSeries(
    DateOnly From,
    DateOnly To,
    string? Community,
    DateTimeOffset Now,
    string TimeZone,
    double ComplaintSlaHours,
    WeeklySeries Weeks,
    MonthlySeries Months,
    QuarterlySeries Quarters,
    OpenTaskSeries OpenTasks,
    IReadOnlyList<DashboardCommunity> Communities)
{
    /// <summary>True when the range holds no complaint, escalation, bill or closed survey and no task is open.</summary>
    public bool IsEmpty =>
        Weeks.Complaints.All(c => c == 0) && Weeks.Escalations.Values.All(v => v.All(c => c == 0))
        && Months.Bills.All(b => b == 0) && Quarters.Surveys.All(s => s == 0)
        && OpenTasks.Assigned.All(c => c == 0) && OpenTasks.Unassigned.All(c => c == 0);
}

/// <summary>Per ISO week: complaints recorded, closed on time, timeliness, escalations by level and reopens.</summary>
/// <param name="Labels">ISO week names, <c>2026-W48</c>.</param>
/// <param name="Starts">The Monday of each week.</param>
/// <param name="Complaints">Complaints recorded in the week.</param>
/// <param name="OnTime">Of those, closed within the SLA.</param>
/// <param name="Timeliness">On-time share, percent (null: no complaint).</param>
/// <param name="Escalations">Escalations raised in the week by level: <c>handler</c> (1), <c>supervisor</c> (2), <c>manager</c> (3).</param>
/// <param name="Reopens">Reopens of the complaints recorded in the week.</param>
public sealed record WeeklySeries(
    IReadOnlyList<string> Labels,
    IReadOnlyList<DateOnly> Starts,
    IReadOnlyList<int> Complaints,
    IReadOnlyList<int> OnTime,
    IReadOnlyList<decimal?> Timeliness,
    IReadOnlyDictionary<string, IReadOnlyList<int>> Escalations,
    IReadOnlyList<int> Reopens);

/// <summary>Per billing month (<c>yyyy-MM</c>): principal billed and collected, and the collection rate.</summary>
/// <param name="Labels">The months.</param>
/// <param name="Bills">Bills of the month (cancelled ones left out).</param>
/// <param name="Billed">Principal billed, yuan.</param>
/// <param name="Collected">Principal paid (late fees paid are not principal), yuan.</param>
/// <param name="CollectionRate">Collected ÷ billed, percent (null: nothing billed).</param>
public sealed record MonthlySeries(
    IReadOnlyList<string> Labels,
    IReadOnlyList<int> Bills,
    IReadOnlyList<decimal> Billed,
    IReadOnlyList<decimal> Collected,
    IReadOnlyList<decimal?> CollectionRate);

/// <summary>Per calendar quarter (<c>2026-Q4</c>): satisfaction of the closed surveys whose period falls in it.</summary>
/// <param name="Labels">The quarters.</param>
/// <param name="Surveys">Closed surveys.</param>
/// <param name="Responses">Owners who answered.</param>
/// <param name="Satisfaction">Share of scores 4–5, weighted by responses, percent (null: no answer).</param>
public sealed record QuarterlySeries(
    IReadOnlyList<string> Labels,
    IReadOnlyList<int> Surveys,
    IReadOnlyList<int> Responses,
    IReadOnlyList<decimal?> Satisfaction);

/// <summary>Open tasks per role: assigned to someone of the role, or waiting (unassigned) with the role as candidate group.</summary>
/// <param name="Roles">Role ids (the staff roles in their order, then any other group, then <c>other</c>).</param>
/// <param name="Assigned">Open tasks assigned to a person of the role.</param>
/// <param name="Unassigned">Open unassigned tasks offered to the role (a task offered to two roles counts for both).</param>
public sealed record OpenTaskSeries(IReadOnlyList<string> Roles, IReadOnlyList<int> Assigned, IReadOnlyList<int> Unassigned);

/// <summary>A community for the filter.</summary>
/// <param name="Code">Its code, e.g. <c>SG</c>.</param>
/// <param name="Name">Chinese name.</param>
/// <param name="NameEn">English name.</param>
public sealed record DashboardCommunity(string Code, string Name, string NameEn);
