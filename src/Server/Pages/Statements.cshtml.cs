using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PropertyFlow.Engine;
using PropertyFlow.Server.Api;
using PropertyFlow.Workflows.Queries;

namespace PropertyFlow.Server.Pages;

/// <summary>Income and expense statements (收支公示) by period (finance and up) — <c>GET /api/statements</c> as a page.</summary>
[Authorize(Roles = DomainAccess.FinanceReaders)]
public sealed class StatementsModel(StatementQueries queries) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Period { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Community { get; set; }

    public IReadOnlyList<StatementRow> Statements { get; private set; } = [];

    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        try
        {
            Statements = await queries.ListAsync(Period, Community, ct);
        }
        catch (ValidationException e)
        {
            Error = e.Message;
        }
    }
}
