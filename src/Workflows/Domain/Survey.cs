using System.Buffers.Text;
using System.Security.Cryptography;

namespace PropertyFlow.Workflows.Domain;

public enum SurveyState
{
    Draft,
    Open,
    Closed,
}

/// <summary>
/// An owner satisfaction survey (满意度调查). Opening it gives each owner a private link; each link answers once;
/// closing it computes the scores and freezes it.
/// </summary>
public sealed class Survey : Entity
{
    /// <summary>Scores run 1 (very unsatisfied) to 5 (very satisfied); 4 and 5 count as satisfied.</summary>
    public const int SatisfiedScore = 4;

    /// <summary>Random bytes per link token: 192 bits, above the 128 required.</summary>
    public const int TokenBytes = 24;

    private readonly List<SurveyQuestion> _questions = [];
    private readonly List<SurveyInvitation> _invitations = [];

    private Survey()
    {
    }

    public Survey(Guid id, Guid communityId, string title, string period, IEnumerable<(string Item, string Text, string TextEn)> questions, string? sourceKey = null)
        : base(id)
    {
        ArgumentNullException.ThrowIfNull(questions);
        CommunityId = communityId;
        Title = Require.Text(title, nameof(title));
        Period = Periods.Check(period);
        SourceKey = sourceKey;
        var order = 0;
        foreach (var (item, text, textEn) in questions)
        {
            if (_questions.Any(q => q.Item == item))
            {
                throw new DomainException($"Survey '{title}' asks about '{item}' twice.");
            }

            _questions.Add(new SurveyQuestion(Id, ++order, Require.Text(item, "item"), Require.Text(text, "text"), textEn));
        }

        if (_questions.Count == 0)
        {
            throw new DomainException($"Survey '{title}' has no questions.");
        }

        State = SurveyState.Draft;
    }

    public Guid CommunityId { get; private set; }

    public string Title { get; private set; } = "";

    public string Period { get; private set; } = "";

    public SurveyState State { get; private set; }

    public DateTimeOffset? OpenedAt { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    /// <summary>Share of scores that were 4 or 5, in percent (one decimal); set when closed.</summary>
    public decimal? Satisfaction { get; private set; }

    /// <summary>The target satisfaction the result was judged against, in percent. Default 80.</summary>
    public decimal Target { get; private set; } = 80m;

    public int ResponseCount { get; private set; }

    /// <summary>Items whose satisfaction fell below the target, comma separated (set when closed).</summary>
    public string UnsatisfiedItems { get; private set; } = "";

    /// <summary>What made it (process instance and task), so opening it again is recognised.</summary>
    public string? SourceKey { get; private set; }

    public IReadOnlyList<SurveyQuestion> Questions => _questions;

    public IReadOnlyList<SurveyInvitation> Invitations => _invitations;

    public IReadOnlyList<string> UnsatisfiedItemList => UnsatisfiedItems.Length == 0 ? [] : UnsatisfiedItems.Split(',');

    /// <summary>Draft → Open: one link per owner, each with <see cref="TokenBytes"/> bytes from the system CSPRNG.</summary>
    public void Open(IEnumerable<Guid> ownerIds, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(ownerIds);
        if (State != SurveyState.Draft)
        {
            throw new DomainException($"Survey '{Title}' is {State}; only a draft opens.");
        }

        foreach (var owner in ownerIds.Distinct())
        {
            _invitations.Add(new SurveyInvitation(Id, owner, NewToken()));
        }

        OpenedAt = at;
        State = SurveyState.Open;
    }

    /// <summary>Records one owner's scores (question item → 1..5) through their link.</summary>
    /// <exception cref="DomainException">The survey is not open, the link was used, or a score is missing or out of range.</exception>
    public void Answer(SurveyInvitation invitation, IReadOnlyDictionary<string, int> scores, string? comment, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(invitation);
        ArgumentNullException.ThrowIfNull(scores);
        if (State != SurveyState.Open)
        {
            throw new DomainException($"Survey '{Title}' is {State} and takes no answers.");
        }

        if (invitation.SurveyId != Id)
        {
            throw new DomainException("This link belongs to another survey.");
        }

        var unknown = scores.Keys.Where(k => _questions.All(q => q.Item != k)).ToList();
        if (unknown.Count > 0)
        {
            throw new DomainException($"Survey '{Title}' has no question {string.Join(", ", unknown)}.");
        }

        var answers = new List<SurveyAnswer>();
        foreach (var question in _questions)
        {
            if (!scores.TryGetValue(question.Item, out var score))
            {
                throw new DomainException($"Question '{question.Text}' has no score.");
            }

            if (score is < 1 or > 5)
            {
                throw new DomainException($"Question '{question.Text}': a score is 1–5, not {score}.");
            }

            answers.Add(new SurveyAnswer(invitation.Id, question.Id, score));
        }

        invitation.MarkAnswered(answers, comment, at);
    }

    /// <summary>
    /// Open → Closed. Computes each item's average and satisfaction and the overall satisfaction from the
    /// answers given (<paramref name="answers"/> are this survey's answers).
    /// </summary>
    public void Close(IReadOnlyCollection<SurveyAnswer> answers, decimal target, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(answers);
        if (State != SurveyState.Open)
        {
            throw new DomainException($"Survey '{Title}' is {State}; only an open survey closes.");
        }

        if (target is < 0 or > 100)
        {
            throw new DomainException($"A satisfaction target is a percentage, not {target}.");
        }

        var unsatisfied = new List<string>();
        foreach (var question in _questions)
        {
            var scores = answers.Where(a => a.QuestionId == question.Id).Select(a => a.Score).ToList();
            question.SetResult(scores);
            if (question.Satisfaction is { } s && s < target)
            {
                unsatisfied.Add(question.Item);
            }
        }

        Target = target;
        ResponseCount = answers.Select(a => a.InvitationId).Distinct().Count();
        Satisfaction = answers.Count == 0 ? null : Percent(answers.Count(a => a.Score >= SatisfiedScore), answers.Count);
        UnsatisfiedItems = string.Join(',', unsatisfied);
        ClosedAt = at;
        State = SurveyState.Closed;
    }

    internal static decimal Percent(int part, int whole) => Math.Round(100m * part / whole, 1, MidpointRounding.AwayFromZero);

    private static string NewToken() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(TokenBytes));
}

/// <summary>One question: an item key (<c>service-attitude</c>) and its wording in both languages.</summary>
public sealed class SurveyQuestion
{
    private SurveyQuestion()
    {
    }

    internal SurveyQuestion(Guid surveyId, int order, string item, string text, string textEn)
    {
        Id = Guid.NewGuid();
        SurveyId = surveyId;
        Order = order;
        Item = item;
        Text = text;
        TextEn = textEn;
    }

    public Guid Id { get; private set; }

    public Guid SurveyId { get; private set; }

    public int Order { get; private set; }

    public string Item { get; private set; } = "";

    public string Text { get; private set; } = "";

    public string TextEn { get; private set; } = "";

    /// <summary>Mean score (two decimals) when closed; null with no answers.</summary>
    public decimal? Average { get; private set; }

    /// <summary>Percent of scores 4–5 when closed; null with no answers.</summary>
    public decimal? Satisfaction { get; private set; }

    internal void SetResult(IReadOnlyList<int> scores)
    {
        Average = scores.Count == 0 ? null : Math.Round((decimal)scores.Sum() / scores.Count, 2, MidpointRounding.AwayFromZero);
        Satisfaction = scores.Count == 0 ? null : Survey.Percent(scores.Count(s => s >= Survey.SatisfiedScore), scores.Count);
    }
}

/// <summary>One owner's private link to a survey. The token is the link; it answers once.</summary>
public sealed class SurveyInvitation
{
    private SurveyInvitation()
    {
    }

    internal SurveyInvitation(Guid surveyId, Guid ownerId, string token)
    {
        Id = Guid.NewGuid();
        SurveyId = surveyId;
        OwnerId = ownerId;
        Token = token;
    }

    public Guid Id { get; private set; }

    public Guid SurveyId { get; private set; }

    public Guid OwnerId { get; private set; }

    /// <summary>Base64url text of random bytes; unique.</summary>
    public string Token { get; private set; } = "";

    public DateTimeOffset? AnsweredAt { get; private set; }

    public string? Comment { get; private set; }

    /// <summary>The answers given through this link (added once).</summary>
    public List<SurveyAnswer> Answers { get; private set; } = [];

    internal void MarkAnswered(IEnumerable<SurveyAnswer> answers, string? comment, DateTimeOffset at)
    {
        if (AnsweredAt is not null)
        {
            throw new DomainException("This survey link has already been answered.");
        }

        Answers.AddRange(answers);
        Comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        AnsweredAt = at;
    }
}

/// <summary>One score given through one link to one question.</summary>
public sealed class SurveyAnswer
{
    private SurveyAnswer()
    {
    }

    internal SurveyAnswer(Guid invitationId, Guid questionId, int score)
    {
        Id = Guid.NewGuid();
        InvitationId = invitationId;
        QuestionId = questionId;
        Score = score;
    }

    public Guid Id { get; private set; }

    public Guid InvitationId { get; private set; }

    public Guid QuestionId { get; private set; }

    public int Score { get; private set; }
}
