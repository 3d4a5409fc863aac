using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PropertyFlow.Engine;
using PropertyFlow.Server.Api;
using PropertyFlow.Workflows.Queries;

namespace PropertyFlow.Server.Pages;

/// <summary>One survey's results: per question, unsatisfied items, corrective tasks — <c>GET /api/surveys/{id}</c> as a page.</summary>
[Authorize(Roles = DomainAccess.SurveyReaders)]
public sealed class SurveysDetailModel(SurveyQueries queries) : PageModel
{
    public SurveyResults Results { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        try
        {
            Results = await queries.GetAsync(id, ct);
            return Page();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }
}
