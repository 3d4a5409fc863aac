using PropertyFlow.Server.Owners;
using PropertyFlow.Server.WebConsole;
using PropertyFlow.Workflows.Domain;
using PropertyFlow.Workflows.Queries;

namespace PropertyFlow.Server.Api;

/// <summary>A complaint filed through the public resource.</summary>
/// <param name="Token">The owner's private link token (shown once; only its hash is stored).</param>
/// <param name="StatusPage">The owner's status page for the token.</param>
/// <param name="Resource">The status resource for the token.</param>
public sealed record PublicComplaintFiled(string Token, string StatusPage, string Resource);

/// <summary>A complaint as its owner sees it.</summary>
/// <param name="Community">The community's name.</param>
/// <param name="CommunityEn">The community's English name.</param>
/// <param name="FiledAt">When the owner filed it.</param>
/// <param name="State">Where the complaint stands; null while the process is still recording it.</param>
/// <param name="Description">What the owner wrote.</param>
/// <param name="ReopenCount">How often it was reopened.</param>
/// <param name="Clock">The promise clock (the staff complaint page's): committed, due, late, new promise and done per step.</param>
/// <param name="Rating">The owner's rating, once given.</param>
/// <param name="AsksForRating">The follow-up waits for the owner's rating (POST …/rating).</param>
public sealed record PublicComplaintStatus(
    string Community, string CommunityEn, DateTimeOffset FiledAt, ComplaintState? State, string? Description, int ReopenCount,
    IReadOnlyList<PromiseStepClock> Clock, int? Rating, bool AsksForRating)
{
    internal static PublicComplaintStatus From(OwnerComplaintStatus s) => new(
        s.CommunityName, s.CommunityNameEn, s.Link.CreatedAt, s.Complaint?.State, s.Complaint?.Description, s.Complaint?.ReopenCount ?? 0,
        s.Clock, s.Link.Rating, s.AsksForRating);
}

/// <summary>The owner's rating at follow-up.</summary>
/// <param name="Score">1–5; 4 and 5 mean satisfied, lower reopens the complaint.</param>
/// <param name="Comment">Optional, ≤ 1,000 characters kept.</param>
public sealed record PublicRating(int? Score = null, string? Comment = null);

/// <summary>One question of a survey.</summary>
/// <param name="Item">The key its score is sent under.</param>
/// <param name="Text">The question.</param>
/// <param name="TextEn">The question in English.</param>
public sealed record PublicSurveyQuestion(string Item, string Text, string TextEn);

/// <summary>A survey as one owner's link opens it.</summary>
/// <param name="Community">The community's name.</param>
/// <param name="CommunityEn">The community's English name.</param>
/// <param name="Title">The survey's title.</param>
/// <param name="Period">The period it asks about.</param>
/// <param name="State">The survey's state.</param>
/// <param name="Answered">This link has answered already.</param>
/// <param name="Questions">The questions, in order.</param>
public sealed record PublicSurvey(
    string Community, string CommunityEn, string Title, string Period, SurveyState State, bool Answered, IReadOnlyList<PublicSurveyQuestion> Questions)
{
    internal static PublicSurvey From(OwnerSurvey s) => new(
        s.CommunityName, s.CommunityNameEn, s.Survey.Title, s.Survey.Period, s.Survey.State, s.Invitation.AnsweredAt is not null,
        [.. s.Survey.Questions.OrderBy(q => q.Order).Select(q => new PublicSurveyQuestion(q.Item, q.Text, q.TextEn))]);
}

/// <summary>An owner's answers to a survey.</summary>
/// <param name="Scores">Question item → score 1–5, one for every question.</param>
/// <param name="Comment">Optional, ≤ 2,000 characters kept.</param>
public sealed record PublicSurveyAnswers(Dictionary<string, int>? Scores = null, string? Comment = null);

/// <summary>
/// The owners' public resource under <c>/api/public</c>: no account, the same services (<see cref="OwnerComplaints"/>,
/// <see cref="OwnerSurveys"/>) and so the same checks and answers as the pages under <c>/o/</c>. Filing is rate limited
/// per client address together with the page's form; every post has the pages' body limit (413). Refusals are problem
/// details whose title and detail carry the Chinese and English message.
/// </summary>
public static class PublicOwnersApi
{
    public static RouteGroupBuilder MapPublicOwnersApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var owners = api.MapGroup("/public").WithTags("Owners (public)").AllowAnonymous();
        owners.MapPost("/communities/{code}/complaints", FileComplaintAsync).WithName("FileOwnerComplaint")
            .WithSummary("Files an owner's complaint (starts the complaint process) and returns the owner's private link token. Rate limited per address.")
            .RequireRateLimiting(OwnersSetup.ComplaintPolicy)
            .Produces<PublicComplaintFiled>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        owners.MapGet("/complaints/{token}", ComplaintStatusAsync).WithName("GetOwnerComplaint")
            .WithSummary("The complaint of a private link: state, promise clock, rating. Unknown 404, expired 410.")
            .Produces<PublicComplaintStatus>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status410Gone);
        owners.MapPost("/complaints/{token}/rating", RateAsync).WithName("RateOwnerComplaint")
            .WithSummary("The owner's rating 1–5 at follow-up (completes the follow-up; below 4 reopens). Once: a second is 409.")
            .Produces<PublicComplaintStatus>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status410Gone)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        owners.MapGet("/surveys/{token}", SurveyAsync).WithName("GetOwnerSurvey")
            .WithSummary("The survey of one owner's link with its questions. Unknown 404, closed (and not answered) 410.")
            .Produces<PublicSurvey>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status410Gone);
        owners.MapPost("/surveys/{token}/answers", AnswerAsync).WithName("AnswerOwnerSurvey")
            .WithSummary("Answers the survey once: a score 1–5 for every question and a comment. A second answer is 409.")
            .Produces<PublicSurvey>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status410Gone)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        return api;
    }

    private static async Task<IResult> FileComplaintAsync(string code, OwnerComplaintForm form, OwnerComplaints complaints, CancellationToken ct)
    {
        var filed = await complaints.FileAsync(code, form, ct);
        if (filed.Outcome != OwnerOutcome.Done)
        {
            return Refusal(filed);
        }

        var resource = $"/api/public/complaints/{filed.Result}";
        return TypedResults.Created(resource, new PublicComplaintFiled(filed.Result, $"{OwnersSetup.PathPrefix}/c/{filed.Result}", resource));
    }

    private static async Task<IResult> ComplaintStatusAsync(string token, OwnerComplaints complaints, CancellationToken ct)
    {
        var opened = await complaints.OpenAsync(token, ct);
        return opened.Outcome == OwnerOutcome.Done ? TypedResults.Ok(PublicComplaintStatus.From(opened.Result)) : Refusal(opened);
    }

    private static async Task<IResult> RateAsync(string token, PublicRating rating, OwnerComplaints complaints, CancellationToken ct)
    {
        var rated = await complaints.RateAsync(token, rating.Score, rating.Comment, ct);
        return rated.Outcome == OwnerOutcome.Done ? TypedResults.Ok(PublicComplaintStatus.From(rated.Result)) : Refusal(rated);
    }

    private static async Task<IResult> SurveyAsync(string token, OwnerSurveys surveys, CancellationToken ct)
    {
        var opened = await surveys.OpenAsync(token, ct);
        return opened.Outcome == OwnerOutcome.Done ? TypedResults.Ok(PublicSurvey.From(opened.Result)) : Refusal(opened);
    }

    private static async Task<IResult> AnswerAsync(string token, PublicSurveyAnswers answers, OwnerSurveys surveys, CancellationToken ct)
    {
        var answered = await surveys.AnswerAsync(token, answers.Scores ?? [], answers.Comment, ct);
        return answered.Outcome == OwnerOutcome.Done ? TypedResults.Ok(PublicSurvey.From(answered.Result)) : Refusal(answered);
    }

    /// <summary>A refused request as problem details: field errors for 400, one message otherwise; Chinese and English.</summary>
    private static IResult Refusal<T>(OwnerResult<T> refused) => refused.Outcome == OwnerOutcome.Invalid
        ? TypedResults.ValidationProblem(
            refused.FieldErrors!.ToDictionary(e => e.Key, e => new[] { Both(e.Value) }),
            detail: string.Join(" ", refused.FieldErrors!.Values.Select(Both)),
            title: "Some values are not valid. 部分输入无效。")
        : TypedResults.Problem(statusCode: refused.Outcome.StatusCode(), title: Both(refused.MessageKey!));

    private static string Both(string key) => ConsoleText.Get(key, english: false) + " " + ConsoleText.Get(key, english: true);
}
