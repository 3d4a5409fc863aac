using Microsoft.EntityFrameworkCore;
using PropertyFlow.Engine;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Workflows.Data;
using PropertyFlow.Workflows.Domain;

namespace PropertyFlow.Workflows.Queries;

/// <summary>A survey in the list.</summary>
/// <remarks>
/// <c>ResponseRate</c>: Links answered ÷ links sent, percent with one decimal; null when none was sent.<br/>
/// <c>Satisfaction</c>: Share of scores 4–5 in percent: the stored result once closed, the answers so far while open.<br/>
/// </remarks>
public sealed record SurveyRow(
    Guid Id, string Community, string Title, string Period, SurveyState State, DateTimeOffset? OpenedAt, DateTimeOffset? ClosedAt,
    int Invited, int Responses, decimal? ResponseRate, decimal? Satisfaction, decimal Target);

/// <summary>One question's result.</summary>
/// <remarks>
/// <c>BelowTarget</c>: Its satisfaction is under the survey's target (an unsatisfied item).<br/>
/// </remarks>
public sealed record QuestionResult(string Item, string Text, string TextEn, int Answers, decimal? Average, decimal? Satisfaction, bool BelowTarget);

/// <summary>A corrective-action task the survey's process opened (评估与反馈: 整改).</summary>
public sealed record CorrectiveTask(Guid Id, string Name, TaskState State, string? Assignee, DateTimeOffset CreatedAt, DateTimeOffset? DueAt);

/// <summary>A survey's results.</summary>
public sealed record SurveyResults(SurveyRow Survey, IReadOnlyList<QuestionResult> Questions, IReadOnlyList<string> UnsatisfiedItems, IReadOnlyList<CorrectiveTask> CorrectiveTasks);

/// <summary>Surveys and their results, for <c>/surveys</c> and <c>/api/surveys</c>.</summary>
public sealed class SurveyQueries(IDbContextFactory<PropertyDbContext> contexts, ProcessEngine engine)
{
    /// <summary>The user task of evaluation-survey.bpmn that a bad result opens.</summary>
    public const string CorrectiveElement = "corrective";

    /// <summary>Every survey, newest period first.</summary>
    public async Task<IReadOnlyList<SurveyRow>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var communities = await db.Communities.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Code, ct);
        var surveys = await db.Surveys.AsNoTracking().Include(s => s.Questions).Include(s => s.Invitations).ThenInclude(i => i.Answers)
            .AsSplitQuery().ToListAsync(ct);
        return [.. surveys.OrderByDescending(s => s.Period, StringComparer.Ordinal).ThenByDescending(s => s.OpenedAt).Select(s => Row(s, communities))];
    }

    /// <summary>One survey's results: per question, unsatisfied items, corrective tasks.</summary>
    /// <exception cref="NotFoundException">No such survey.</exception>
    public async Task<SurveyResults> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var survey = await db.Surveys.AsNoTracking().Include(s => s.Questions).Include(s => s.Invitations).ThenInclude(i => i.Answers)
            .AsSplitQuery().FirstOrDefaultAsync(s => s.Id == id, ct)
            ?? throw new NotFoundException($"There is no survey {id}. 没有该调查。");
        var communities = await db.Communities.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Code, ct);
        var answers = survey.Invitations.SelectMany(i => i.Answers).ToList();
        var closed = survey.State == SurveyState.Closed;
        var questions = survey.Questions.OrderBy(q => q.Order).Select(q =>
        {
            var scores = answers.Where(a => a.QuestionId == q.Id).Select(a => a.Score).ToList();
            var average = closed ? q.Average : scores.Count == 0 ? null : Math.Round((decimal)scores.Sum() / scores.Count, 2, MidpointRounding.AwayFromZero);
            var satisfaction = closed ? q.Satisfaction : Percent(scores.Count(s => s >= Survey.SatisfiedScore), scores.Count);
            return new QuestionResult(q.Item, q.Text, q.TextEn, scores.Count, average, satisfaction, satisfaction < survey.Target);
        }).ToList();
        var unsatisfied = closed ? survey.UnsatisfiedItemList : [.. questions.Where(q => q.BelowTarget).Select(q => q.Item)];
        return new SurveyResults(Row(survey, communities), questions, unsatisfied, await CorrectiveTasksAsync(survey, ct));
    }

    private async Task<IReadOnlyList<CorrectiveTask>> CorrectiveTasksAsync(Survey survey, CancellationToken ct)
    {
        // The survey remembers the run that opened it: {instance:N}/{element}.
        if (survey.SourceKey is not { } key || key.IndexOf('/', StringComparison.Ordinal) is not (> 0 and var slash)
            || !Guid.TryParseExact(key[..slash], "N", out var instance))
        {
            return [];
        }

        var tasks = new List<TaskRecord>();
        foreach (var state in Enum.GetValues<TaskState>())
        {
            tasks.AddRange(await engine.QueryTasksAsync(new TaskQuery { InstanceId = instance, State = state, Take = 1000 }, ct));
        }

        return [.. tasks.Where(t => t.ElementId == CorrectiveElement).OrderBy(t => t.CreatedAt)
            .Select(t => new CorrectiveTask(t.Id, t.Name ?? t.ElementId, t.State, t.Assignee, t.CreatedAt, t.DueAt))];
    }

    private static SurveyRow Row(Survey s, Dictionary<Guid, string> communities)
    {
        var invited = s.Invitations.Count;
        var responses = s.Invitations.Count(i => i.AnsweredAt is not null);
        var answers = s.Invitations.SelectMany(i => i.Answers).ToList();
        var satisfaction = s.State == SurveyState.Closed ? s.Satisfaction : Percent(answers.Count(a => a.Score >= Survey.SatisfiedScore), answers.Count);
        return new SurveyRow(s.Id, communities.GetValueOrDefault(s.CommunityId, "?"), s.Title, s.Period, s.State, s.OpenedAt, s.ClosedAt,
            invited, responses, Percent(responses, invited), satisfaction, s.Target);
    }

    private static decimal? Percent(int part, int whole) =>
        whole == 0 ? null : Math.Round(100m * part / whole, 1, MidpointRounding.AwayFromZero);
}
