using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using PropertyFlow.Server.Owners;
using PropertyFlow.Server.WebConsole;
using PropertyFlow.Workflows.Domain;

namespace PropertyFlow.Server.Pages.Owners;

/// <summary>
/// The public complaint form of one community (<c>/o/{communityCode}/complaint</c>). Submitting starts the complaint
/// process as a staff member's start does and redirects to the owner's private status page. Posts are rate limited
/// per client address.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(OwnersSetup.ComplaintPolicy)]
public sealed class ComplaintModel(OwnerComplaints complaints, ConsoleText text) : OwnerPageModel
{
    public Community? Community { get; private set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Unit { get; set; }

    [BindProperty]
    public string? Phone { get; set; }

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Category { get; set; }

    [BindProperty]
    public string? Description { get; set; }

    /// <summary>A message for the whole form (the process could not be started).</summary>
    public string? FormError { get; private set; }

    public async Task<IActionResult> OnGetAsync(string communityCode, CancellationToken ct)
    {
        Community = await complaints.FindCommunityAsync(communityCode, ct);
        if (Community is null)
        {
            return Refuse(StatusCodes.Status404NotFound, "owners.noCommunity");
        }

        Category ??= "service";
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string communityCode, CancellationToken ct)
    {
        Community = await complaints.FindCommunityAsync(communityCode, ct);
        if (Community is null)
        {
            return Refuse(StatusCodes.Status404NotFound, "owners.noCommunity");
        }

        ModelState.Clear(); // the messages below are ours, in the owner's language

        // The same code path as POST /api/public/communities/{code}/complaints.
        var filed = await complaints.FileAsync(communityCode, new OwnerComplaintForm(Name, Unit, Phone, Email, Category, Description), ct);
        switch (filed.Outcome)
        {
            case OwnerOutcome.Done:
                return Redirect($"/o/c/{filed.Result}?new=true");
            case OwnerOutcome.Invalid:
                foreach (var (field, key) in filed.FieldErrors!)
                {
                    ModelState.AddModelError(char.ToUpperInvariant(field[0]) + field[1..], text[key]);
                }

                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            case OwnerOutcome.NotFound:
                return Refuse(StatusCodes.Status404NotFound, filed.MessageKey!);
            default:
                FormError = text[filed.MessageKey!];
                Response.StatusCode = StatusOf(filed.Outcome);
                return Page();
        }
    }

    /// <summary>The first error of a field, in the page's language.</summary>
    public string? ErrorOf(string field) =>
        ModelState.TryGetValue(field, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;
}
