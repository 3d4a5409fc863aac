using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PropertyFlow.Engine;
using PropertyFlow.Server.Owners;
using PropertyFlow.Server.WebConsole;
using PropertyFlow.Workflows.Domain;

namespace PropertyFlow.Server.Pages.Owners;

/// <summary>
/// A complaint's status by its private link (<c>/o/c/{token}</c>): the times promised to the owner, the current step,
/// new promises when a step ran late, and the rating form at follow-up. Unknown links 404, expired ones 410.
/// </summary>
[AllowAnonymous]
public sealed class StatusModel(OwnerComplaints complaints, ConsoleText text) : OwnerPageModel
{
    public OwnerComplaintStatus? Status { get; private set; }

    /// <summary>Just filed: the page tells the owner to keep the link.</summary>
    public bool IsNew { get; private set; }

    public string? Message { get; private set; }

    public string? RatingError { get; private set; }

    public async Task<IActionResult> OnGetAsync(string token, bool @new, CancellationToken ct)
    {
        IsNew = @new;
        return await LoadAsync(token, ct) ?? Page();
    }

    public async Task<IActionResult> OnPostRateAsync(string token, int? score, string? comment, CancellationToken ct)
    {
        if (await LoadAsync(token, ct) is { } refused)
        {
            return refused;
        }

        if (score is not (>= 1 and <= 5))
        {
            RatingError = text["owners.err.rating"];
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        try
        {
            await complaints.RateAsync(Status!, score.Value, comment is { Length: > 1000 } ? comment[..1000] : comment, ct);
        }
        catch (Exception e) when (e is DomainException or ProcessEngineException)
        {
            // Rated already, or the follow-up was done by a staff member meanwhile: nothing changes.
            RatingError = text["owners.err.rated"];
            Response.StatusCode = StatusCodes.Status409Conflict;
            await LoadAsync(token, ct);
            return Page();
        }

        await LoadAsync(token, ct);
        Message = text["owners.status.thanks"];
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(string token, CancellationToken ct)
    {
        Status = await complaints.StatusAsync(token, ct);
        if (Status is null)
        {
            return Refuse(StatusCodes.Status404NotFound, "owners.noLink");
        }

        return complaints.IsExpired(Status) ? Refuse(StatusCodes.Status410Gone, "owners.expired") : null;
    }
}
