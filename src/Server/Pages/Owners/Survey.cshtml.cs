using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PropertyFlow.Server.Owners;
using PropertyFlow.Server.WebConsole;
using PropertyFlow.Workflows.Domain;

namespace PropertyFlow.Server.Pages.Owners;

/// <summary>
/// A satisfaction survey by one owner's link (<c>/o/s/{token}</c>): the questions with scores 1–5 and a comment.
/// The link opens only its own invitation; it answers once; a closed survey is refused (410).
/// </summary>
[AllowAnonymous]
public sealed class SurveyModel(OwnerSurveys surveys, ConsoleText text) : OwnerPageModel
{
    public OwnerSurvey? Survey { get; private set; }

    /// <summary>The scores given (question item → score), kept when the form comes back with an error.</summary>
    public Dictionary<string, int> Scores { get; } = new(StringComparer.Ordinal);

    public string? Comment { get; private set; }

    public string? FormError { get; private set; }

    public bool Thanked { get; private set; }

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken ct) => await LoadAsync(token, ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken ct)
    {
        if (await LoadAsync(token, ct) is { } refused)
        {
            return refused;
        }

        if (Survey!.Invitation.AnsweredAt is not null)
        {
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page(); // the page says it was answered; nothing changes
        }

        var form = await Request.ReadFormAsync(ct);
        Comment = form["comment"].ToString();
        foreach (var question in Survey.Survey.Questions)
        {
            if (int.TryParse(form["score-" + question.Item].ToString(), out var score))
            {
                Scores[question.Item] = score;
            }
        }

        var missing = Survey.Survey.Questions.Where(q => !Scores.TryGetValue(q.Item, out var s) || s is < 1 or > 5).ToList();
        if (missing.Count > 0)
        {
            FormError = text["owners.err.scores"];
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        try
        {
            await surveys.AnswerAsync(token, Scores, Comment, ct);
        }
        catch (DomainException)
        {
            // Answered or closed meanwhile: show the page as it now stands.
            await LoadAsync(token, ct);
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        Thanked = true;
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(string token, CancellationToken ct)
    {
        Survey = await surveys.FindAsync(token, ct);
        if (Survey is null)
        {
            return Refuse(StatusCodes.Status404NotFound, "owners.noLink");
        }

        return Survey.Survey.State == SurveyState.Open || Survey.Invitation.AnsweredAt is not null
            ? null
            : Refuse(StatusCodes.Status410Gone, "owners.surveyClosed");
    }
}
