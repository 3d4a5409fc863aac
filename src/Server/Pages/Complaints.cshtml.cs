using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PropertyFlow.Engine;
using PropertyFlow.Server.Api;
using PropertyFlow.Workflows.Domain;
using PropertyFlow.Workflows.Queries;

namespace PropertyFlow.Server.Pages;

/// <summary>The complaint list (customer service and up): filters, paging, soonest due first — the same query as <c>GET /api/complaints</c>.</summary>
[Authorize(Roles = DomainAccess.ComplaintReaders)]
public sealed class ComplaintsModel(ComplaintQueries queries) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public ComplaintState? State { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Category { get; set; }

    [BindProperty(SupportsGet = true)]
    public Severity? Severity { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool? Overdue { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Community { get; set; }

    /// <summary>The page number (<c>?p=</c>; "page" is a route value of Razor Pages).</summary>
    [BindProperty(SupportsGet = true, Name = "p")]
    public int? PageNumber { get; set; }

    public PageOf<ComplaintRow> Result { get; private set; } = new([], 1, QueryInput.DefaultPageSize, 0);

    /// <summary>Why the filter was refused (shown above the list), or null.</summary>
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        try
        {
            Result = await queries.ListAsync(new ComplaintFilter(State, Category, Severity, Overdue, Community), PageNumber, null, ct);
        }
        catch (ValidationException e)
        {
            Error = e.Message;
        }
    }

    /// <summary>The query string of this list on another page number.</summary>
    public string PageLink(int page) => QueryString.Create(new Dictionary<string, string?>
    {
        ["state"] = State?.ToString(),
        ["category"] = Category,
        ["severity"] = Severity?.ToString(),
        ["overdue"] = Overdue?.ToString(),
        ["community"] = Community,
        ["p"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
    }.Where(kv => !string.IsNullOrEmpty(kv.Value))).ToUriComponent();
}
