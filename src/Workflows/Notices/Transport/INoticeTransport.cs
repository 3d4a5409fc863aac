namespace PropertyFlow.Workflows.Notices.Transport;

/// <summary>A queued notice on its way out: what a transport needs to build the message.</summary>
public sealed record OutgoingNotice(
    Guid Id,
    string RecipientName,
    string RecipientAddress,
    string Language,
    string Subject,
    string HtmlBody,
    string TextBody,
    DateTimeOffset CreatedAt);

/// <summary>Where notices leave the system: an SMTP server, or a pickup folder of <c>.eml</c> files.</summary>
public interface INoticeTransport
{
    /// <summary>A short description for logs and the console (never a password).</summary>
    string Description { get; }

    /// <summary>Connects (and authenticates) for one dispatch round.</summary>
    /// <exception cref="Exception">The server cannot be reached or refused the login; every notice of the round waits for its next attempt.</exception>
    Task<INoticeTransportSession> OpenAsync(CancellationToken cancellationToken);
}

/// <summary>One open connection; sends notices one at a time.</summary>
public interface INoticeTransportSession : IAsyncDisposable
{
    /// <summary>Sends one notice; throws when it was not accepted.</summary>
    Task SendAsync(OutgoingNotice notice, CancellationToken cancellationToken);
}

/// <summary>
/// The server refused a notice for good (an SMTP 5xx reply such as "no such mailbox"): trying again cannot
/// help, so the dispatcher marks it failed at once instead of retrying for days.
/// </summary>
public sealed class NoticeRejectedException(string message, Exception innerException) : Exception(message, innerException);
