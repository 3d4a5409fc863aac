namespace PropertyFlow.Server.Owners;

/// <summary>How an owner's request ended; the public API and the owners' pages turn it into a status code.</summary>
public enum OwnerOutcome
{
    /// <summary>Done (200, or 201 for a filed complaint).</summary>
    Done,

    /// <summary>Some fields are not valid; nothing was changed (400).</summary>
    Invalid,

    /// <summary>No such community or link (404).</summary>
    NotFound,

    /// <summary>The link expired or the survey closed (410).</summary>
    Gone,

    /// <summary>Answered or rated already; nothing was changed (409).</summary>
    Conflict,

    /// <summary>The complaint process cannot be started now (503); the owner keeps what they typed.</summary>
    Unavailable,
}

/// <summary>
/// The answer of one owner's request, shared by <c>/api/public/...</c> and the Razor pages under <c>/o/</c> so both
/// give the same decision. Messages are <c>ConsoleText</c> keys: each caller words them in its own language(s).
/// </summary>
/// <typeparam name="T">What a done request gives back.</typeparam>
/// <param name="Outcome">How the request ended.</param>
/// <param name="Value">The result when <see cref="OwnerOutcome.Done"/>; for a conflict, the state as it now stands when there is one.</param>
/// <param name="MessageKey">The text key of the refusal of the whole request (not found, expired, conflict, unavailable).</param>
/// <param name="FieldErrors">Field (camelCase, as the API's JSON names it) → text key of its first problem, when invalid.</param>
public sealed record OwnerResult<T>(OwnerOutcome Outcome, T? Value = default, string? MessageKey = null, IReadOnlyDictionary<string, string>? FieldErrors = null)
{
    /// <summary>The value of a request known to be done.</summary>
    public T Result => Outcome == OwnerOutcome.Done && Value is { } value ? value : throw new InvalidOperationException($"The request was refused: {Outcome}.");
}

/// <summary>Makes <see cref="OwnerResult{T}"/>s.</summary>
public static class OwnerResult
{
    /// <summary>A done request.</summary>
    public static OwnerResult<T> Done<T>(T value) => new(OwnerOutcome.Done, value);

    /// <summary>A refused request with one message.</summary>
    public static OwnerResult<T> Refused<T>(OwnerOutcome outcome, string messageKey, T? value = default) => new(outcome, value, messageKey);

    /// <summary>Invalid fields.</summary>
    public static OwnerResult<T> Invalid<T>(IReadOnlyDictionary<string, string> errors) => new(OwnerOutcome.Invalid, FieldErrors: errors);
}

/// <summary>The HTTP status of each outcome: one table for the public API and the owners' pages.</summary>
public static class OwnerOutcomes
{
    /// <summary>200, 400, 404, 410, 409 or 503.</summary>
    public static int StatusCode(this OwnerOutcome outcome) => outcome switch
    {
        OwnerOutcome.Done => StatusCodes.Status200OK,
        OwnerOutcome.Invalid => StatusCodes.Status400BadRequest,
        OwnerOutcome.NotFound => StatusCodes.Status404NotFound,
        OwnerOutcome.Gone => StatusCodes.Status410Gone,
        OwnerOutcome.Conflict => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status503ServiceUnavailable,
    };
}
