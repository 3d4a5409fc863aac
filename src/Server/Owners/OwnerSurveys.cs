using Microsoft.EntityFrameworkCore;
using PropertyFlow.Workflows.Data;
using PropertyFlow.Workflows.Domain;

namespace PropertyFlow.Server.Owners;

/// <summary>A survey as one owner's link opens it.</summary>
public sealed record OwnerSurvey(Survey Survey, SurveyInvitation Invitation, string CommunityName, string CommunityNameEn);

/// <summary>
/// The survey side of the owners' pages: the per-owner link made by <c>survey.open</c> opens that owner's invitation
/// and nothing else; it answers once, and only while the survey is open.
/// </summary>
public sealed class OwnerSurveys(IDbContextFactory<PropertyDbContext> contexts, TimeProvider time)
{
    /// <summary>The longest comment kept.</summary>
    public const int MaxComment = 2000;

    /// <summary>The survey of the link: not found, gone (closed and not answered through it) or done.</summary>
    public async Task<OwnerResult<OwnerSurvey>> OpenAsync(string token, CancellationToken ct)
    {
        var survey = await FindAsync(token, ct);
        return survey is null ? OwnerResult.Refused<OwnerSurvey>(OwnerOutcome.NotFound, "owners.noLink")
            : survey.Survey.State != SurveyState.Open && survey.Invitation.AnsweredAt is null ? OwnerResult.Refused<OwnerSurvey>(OwnerOutcome.Gone, "owners.surveyClosed")
            : OwnerResult.Done<OwnerSurvey>(survey);
    }

    /// <summary>
    /// Records the owner's scores (question item → 1–5, one for every question) and comment through their link, once.
    /// Answered already (or closed meanwhile): a conflict, nothing changes. Done gives the survey as it now stands.
    /// </summary>
    public async Task<OwnerResult<OwnerSurvey>> AnswerAsync(string token, IReadOnlyDictionary<string, int> scores, string? comment, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var opened = await OpenAsync(token, ct);
        if (opened.Outcome != OwnerOutcome.Done)
        {
            return opened;
        }

        if (opened.Result.Invitation.AnsweredAt is not null)
        {
            return OwnerResult.Refused<OwnerSurvey>(OwnerOutcome.Conflict, "owners.survey.answered", opened.Result);
        }

        var questions = opened.Result.Survey.Questions;
        if (questions.Any(q => !scores.TryGetValue(q.Item, out var s) || s is < 1 or > 5) || scores.Keys.Any(k => questions.All(q => q.Item != k)))
        {
            return OwnerResult.Invalid<OwnerSurvey>(new Dictionary<string, string> { ["scores"] = "owners.err.scores" });
        }

        try
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            db.Actor = "owner-link";
            var invitation = await db.SurveyInvitations.Include(i => i.Answers).FirstAsync(i => i.Token == token, ct);
            var survey = await db.Surveys.Include(s => s.Questions).FirstAsync(s => s.Id == invitation.SurveyId, ct);
            var text = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
            survey.Answer(invitation, scores, text is { Length: > MaxComment } ? text[..MaxComment] : text, time.GetUtcNow());
            await db.SaveChangesAsync(ct);
        }
        catch (DomainException)
        {
            // Answered or closed meanwhile: the survey as it now stands.
            return OwnerResult.Refused<OwnerSurvey>(OwnerOutcome.Conflict, "owners.survey.answered", await FindAsync(token, ct));
        }

        return OwnerResult.Done<OwnerSurvey>((await FindAsync(token, ct))!);
    }

    /// <summary>The survey and invitation of <paramref name="token"/>; null when no link has it.</summary>
    private async Task<OwnerSurvey?> FindAsync(string token, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 64)
        {
            return null;
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var invitation = await db.SurveyInvitations.AsNoTracking().FirstOrDefaultAsync(i => i.Token == token, ct);
        if (invitation is null)
        {
            return null;
        }

        var survey = await db.Surveys.AsNoTracking().Include(s => s.Questions).FirstAsync(s => s.Id == invitation.SurveyId, ct);
        var community = await db.Communities.AsNoTracking().FirstAsync(c => c.Id == survey.CommunityId, ct);
        return new OwnerSurvey(survey, invitation, community.Name, community.NameEn);
    }
}
