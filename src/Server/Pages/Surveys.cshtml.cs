using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PropertyFlow.Server.Api;
using PropertyFlow.Workflows.Queries;

namespace PropertyFlow.Server.Pages;

/// <summary>Satisfaction surveys with response rate and satisfaction (customer service and up) — <c>GET /api/surveys</c> as a page.</summary>
[Authorize(Roles = DomainAccess.SurveyReaders)]
public sealed class SurveysModel(SurveyQueries queries) : PageModel
{
    public IReadOnlyList<SurveyRow> Surveys { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Surveys = await queries.ListAsync(ct);
}
