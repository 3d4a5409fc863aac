using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PropertyFlow.Engine;
using PropertyFlow.Server.Api;
using PropertyFlow.Workflows.Queries;

namespace PropertyFlow.Server.Pages;

/// <summary>One complaint: the promise clock the owner sees, its tasks and its state history — <c>GET /api/complaints/{id}</c> as a page.</summary>
[Authorize(Roles = DomainAccess.ComplaintReaders)]
public sealed class ComplaintsDetailModel(ComplaintQueries queries) : PageModel
{
    public ComplaintDetail Detail { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        try
        {
            Detail = await queries.GetAsync(id, ct);
            return Page();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }
}
