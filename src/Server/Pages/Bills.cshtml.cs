using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PropertyFlow.Engine;
using PropertyFlow.Server.Api;
using PropertyFlow.Workflows.Queries;

namespace PropertyFlow.Server.Pages;

/// <summary>Bills of a period with collection status and totals (finance and up); the CSV export is <c>GET /api/bills.csv</c>.</summary>
[Authorize(Roles = DomainAccess.FinanceReaders)]
public sealed class BillsModel(BillQueries queries) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Period { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Community { get; set; }

    public BillPeriod? Bills { get; private set; }

    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Period = string.IsNullOrWhiteSpace(Period) ? queries.CurrentPeriod : Period.Trim();
        try
        {
            Bills = await queries.ByPeriodAsync(Period, Community, ct);
        }
        catch (ValidationException e)
        {
            Error = e.Message;
        }
    }

    /// <summary>The export link of what the page shows.</summary>
    public string CsvLink() => "/api/bills.csv" + QueryString.Create(new Dictionary<string, string?> { ["period"] = Period, ["community"] = Community }
        .Where(kv => !string.IsNullOrWhiteSpace(kv.Value))).ToUriComponent();
}
