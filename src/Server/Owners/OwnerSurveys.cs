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

    /// <summary>The survey and invitation of <paramref name="token"/>; null when no link has it.</summary>
    public async Task<OwnerSurvey?> FindAsync(string token, CancellationToken ct)
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

    /// <summary>Records the owner's scores through their link.</summary>
    /// <exception cref="DomainException">The survey is not open, the link was used, or a score is missing or out of range.</exception>
    public async Task AnswerAsync(string token, IReadOnlyDictionary<string, int> scores, string? comment, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        db.Actor = "owner-link";
        var invitation = await db.SurveyInvitations.Include(i => i.Answers).FirstOrDefaultAsync(i => i.Token == token, ct)
            ?? throw new DomainException("There is no such survey link.");
        var survey = await db.Surveys.Include(s => s.Questions).FirstAsync(s => s.Id == invitation.SurveyId, ct);
        var text = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        survey.Answer(invitation, scores, text is { Length: > MaxComment } ? text[..MaxComment] : text, time.GetUtcNow());
        await db.SaveChangesAsync(ct);
    }
}
