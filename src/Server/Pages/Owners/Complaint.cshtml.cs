using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using PropertyFlow.Engine;
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
        Check(nameof(Name), !string.IsNullOrWhiteSpace(Name), "owners.err.name");
        Check(nameof(Name), Name is null || Name.Trim().Length <= 100, "owners.err.nameLong");
        Check(nameof(Email), !string.IsNullOrWhiteSpace(Email), "owners.err.email");
        Check(nameof(Email), string.IsNullOrWhiteSpace(Email) || (Email.Trim().Length <= 254 && new EmailAddressAttribute().IsValid(Email.Trim())), "owners.err.emailForm");
        Check(nameof(Phone), string.IsNullOrWhiteSpace(Phone) || PhoneShape(Phone.Trim()), "owners.err.phone");
        Check(nameof(Category), Category is not null && OwnerComplaints.Categories.Contains(Category), "owners.err.category");
        Check(nameof(Description), !string.IsNullOrWhiteSpace(Description), "owners.err.description");
        Check(nameof(Description), Description is null || Description.Trim().Length <= OwnerComplaints.MaxDescription, "owners.err.descriptionLong");
        if (!string.IsNullOrWhiteSpace(Unit))
        {
            Check(nameof(Unit), Unit.Trim().Length <= 32 && await complaints.UnitExistsAsync(Community, Unit.Trim(), ct), "owners.err.unit");
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        string token;
        try
        {
            token = await complaints.SubmitAsync(Community,
                new OwnerComplaintForm(Name!.Trim(), Unit, Phone, Email!.Trim(), Category!, Description!.Trim()), ct);
        }
        catch (ProcessEngineException)
        {
            // E.g. the complaint process is not deployed: the owner keeps what they typed and is told to try later.
            FormError = text["owners.err.unavailable"];
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Page();
        }

        return Redirect($"/o/c/{token}?new=true");
    }

    /// <summary>The first error of a field, in the page's language.</summary>
    public string? ErrorOf(string field) =>
        ModelState.TryGetValue(field, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;

    private void Check(string field, bool ok, string key)
    {
        if (!ok && ErrorOf(field) is null)
        {
            ModelState.AddModelError(field, text[key]);
        }
    }

    // Digits with the usual separators and an optional leading +, 5–20 digits (mainland mobiles, landlines with area codes).
    private static bool PhoneShape(string phone)
    {
        var digits = phone.Count(char.IsAsciiDigit);
        return digits is >= 5 and <= 20 && phone.Length <= 30
            && phone.Select((c, i) => char.IsAsciiDigit(c) || c is ' ' or '-' or '(' or ')' || (c == '+' && i == 0)).All(ok => ok);
    }
}
