using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Server.Accounts;
using PropertyFlow.Server.Api;
using PropertyFlow.Server.WebConsole;
using PropertyFlow.Workflows.Data;
using PropertyFlow.Workflows.Domain;
using PropertyFlow.Workflows.Queries;
using Roles = PropertyFlow.Server.Accounts.Roles;

namespace PropertyFlow.Server.Pages;

/// <summary>
/// The KPI dashboard (supervisors, managers, admins): charts drawn by <c>app/dashboard.js</c> (chart.js) from
/// <c>GET /api/dashboard</c>, and the same numbers as tables rendered here, for screen readers and without script.
/// </summary>
[Authorize(Policy = Policies.Oversight)]
public sealed class DashboardModel(ProcessEngine engine, IDbContextFactory<PropertyDbContext> property, IDbContextFactory<EngineDbContext> engineTables)
    : PageModel
{
    /// <summary>The figures; null when the request was refused (<see cref="Error"/>).</summary>
    public DashboardSeries? Series { get; private set; }

    /// <summary>Why the figures could not be computed (a backwards range, an unknown community).</summary>
    public string? Error { get; private set; }

    public string? From { get; private set; }

    public string? To { get; private set; }

    public string? Community { get; private set; }

    public IReadOnlyList<DashboardCommunity> Communities { get; private set; } = [];

    public async Task OnGetAsync(DateOnly? from, DateOnly? to, string? community, CancellationToken ct)
    {
        var query = DashboardApi.Query(engine, property, engineTables);
        try
        {
            Series = await query.ComputeAsync(new DashboardRequest(from, to, community), ct);
            Communities = Series.Communities;
            From = Day(Series.From);
            To = Day(Series.To);
            Community = Series.Community;
        }
        catch (DomainException e)
        {
            Error = e.Message;
            From = from is { } f ? Day(f) : null;
            To = to is { } t ? Day(t) : null;
            Community = community;
            Communities = (await query.ComputeAsync(new DashboardRequest(), ct)).Communities;
        }
    }

    /// <summary>A role's name in the page's language.</summary>
    public static string RoleName(string role) =>
        Roles.Names.TryGetValue(role, out var name) ? ConsoleText.IsEnglish ? name.English : name.Chinese
        : role == DashboardQuery.OtherRole ? ConsoleText.Get("dashboard.role.other", ConsoleText.IsEnglish) : role;

    /// <summary>A percentage or a dash.</summary>
    public static string Percent(decimal? value) => value is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) + " %" : "—";

    public static string Money(decimal value) => value.ToString("#,##0.00", CultureInfo.InvariantCulture);

    /// <summary>What the chart script needs: where the data is and every label in the page's language.</summary>
    public string ScriptConfig()
    {
        var english = ConsoleText.IsEnglish;
        var query = new List<string>();
        if (From is not null)
        {
            query.Add("from=" + Uri.EscapeDataString(From));
        }

        if (To is not null)
        {
            query.Add("to=" + Uri.EscapeDataString(To));
        }

        if (!string.IsNullOrEmpty(Community))
        {
            query.Add("community=" + Uri.EscapeDataString(Community));
        }

        var labels = ConsoleText.Keys.Where(k => k.StartsWith("dashboard.", StringComparison.Ordinal))
            .ToDictionary(k => k["dashboard.".Length..], k => ConsoleText.Get(k, english), StringComparer.Ordinal);
        var roles = Roles.Names.Keys.Append(DashboardQuery.OtherRole).ToDictionary(r => r, RoleName, StringComparer.Ordinal);
        return JsonSerializer.Serialize(new
        {
            api = Url.Content("~/api/dashboard") + (query.Count > 0 ? "?" + string.Join('&', query) : ""),
            locale = english ? "en" : "zh-CN",
            satisfactionTarget = KpiSnapshot.SatisfactionTarget,
            labels,
            roles,
        });
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
