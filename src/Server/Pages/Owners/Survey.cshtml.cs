using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PropertyFlow.Server.Owners;
using PropertyFlow.Server.WebConsole;

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

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken ct)
    {
        var opened = await surveys.OpenAsync(token, ct);
        if (opened.Outcome != OwnerOutcome.Done)
        {
            return Refuse(opened);
        }

        Survey = opened.Result;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken ct)
    {
        var form = await Request.ReadFormAsync(ct);
        Comment = form["comment"].ToString();
        foreach (var (name, value) in form)
        {
            if (name.StartsWith("score-", StringComparison.Ordinal) && int.TryParse(value.ToString(), out var score))
            {
                Scores[name["score-".Length..]] = score;
            }
        }

        // The same code path as POST /api/public/surveys/{token}/answers.
        var answered = await surveys.AnswerAsync(token, Scores, Comment, ct);
        switch (answered.Outcome)
        {
            case OwnerOutcome.Done:
                Survey = answered.Result;
                Thanked = true;
                return Page();
            case OwnerOutcome.NotFound or OwnerOutcome.Gone:
                return Refuse(answered);
            case OwnerOutcome.Invalid:
                FormError = text[answered.FieldErrors!.Values.First()];
                break;
        }

        // Invalid: the form again with what was given; answered already: the page says so, nothing changed.
        Response.StatusCode = StatusOf(answered.Outcome);
        Survey = answered.Value ?? (await surveys.OpenAsync(token, ct)).Value;
        return Survey is null ? Refuse(StatusCodes.Status404NotFound, "owners.noLink") : Page();
    }
}
