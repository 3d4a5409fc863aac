using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PropertyFlow.Server.Owners;
using PropertyFlow.Server.WebConsole;

namespace PropertyFlow.Server.Pages.Owners;

/// <summary>
/// A complaint's status by its private link (<c>/o/c/{token}</c>): the times promised to the owner, the current step,
/// new promises when a step ran late, and the rating form at follow-up. Unknown links 404, expired ones 410.
/// The same code path as <c>/api/public/complaints/{token}</c>.
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
        var opened = await complaints.OpenAsync(token, ct);
        if (opened.Outcome != OwnerOutcome.Done)
        {
            return Refuse(opened);
        }

        Status = opened.Result;
        return Page();
    }

    public async Task<IActionResult> OnPostRateAsync(string token, int? score, string? comment, CancellationToken ct)
    {
        var rated = await complaints.RateAsync(token, score, comment, ct);
        switch (rated.Outcome)
        {
            case OwnerOutcome.Done:
                Status = rated.Result;
                Message = text["owners.status.thanks"];
                return Page();
            case OwnerOutcome.NotFound or OwnerOutcome.Gone:
                return Refuse(rated);
            case OwnerOutcome.Invalid:
                RatingError = text[rated.FieldErrors!.Values.First()];
                break;
            default:
                RatingError = text[rated.MessageKey!];
                break;
        }

        // Refused with the page as it now stands.
        Response.StatusCode = StatusOf(rated.Outcome);
        Status = rated.Value ?? (await complaints.OpenAsync(token, ct)).Value;
        return Status is null ? Refuse(StatusCodes.Status404NotFound, "owners.noLink") : Page();
    }
}
