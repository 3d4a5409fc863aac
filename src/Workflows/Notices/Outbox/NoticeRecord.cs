namespace PropertyFlow.Workflows.Notices.Outbox;

/// <summary>Where a notice is in its life. Stored as text.</summary>
public enum NoticeStatus
{
    /// <summary>Waiting for its next attempt (<see cref="NoticeRecord.NextAttemptAt"/>).</summary>
    Pending,

    /// <summary>Handed to the mail server (or written to the pickup folder).</summary>
    Sent,

    /// <summary>Every attempt failed; kept with its last error until a person retries it.</summary>
    Failed,
}

/// <summary>
/// One notice to one recipient, rendered when it was queued (its content is frozen) and sent later by the
/// dispatcher. Table <c>notice_outbox</c>.
/// </summary>
public sealed class NoticeRecord
{
    public Guid Id { get; set; }

    /// <summary>Unique when set: queuing the same key again adds nothing (a retried service task queues once).</summary>
    public string? IdempotencyKey { get; set; }

    /// <summary>The template's name, e.g. <c>complaint-received</c>.</summary>
    public string Template { get; set; } = "";

    /// <summary>The language the notice was rendered in: <c>zh</c> or <c>en</c>.</summary>
    public string Language { get; set; } = "zh";

    public string RecipientName { get; set; } = "";

    public string RecipientAddress { get; set; } = "";

    public string Subject { get; set; } = "";

    public string HtmlBody { get; set; } = "";

    public string TextBody { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public NoticeStatus Status { get; set; }

    /// <summary>Attempts made so far (successful or not).</summary>
    public int Attempts { get; set; }

    /// <summary>When the dispatcher may next try; in the past means due now.</summary>
    public DateTimeOffset NextAttemptAt { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    /// <summary>Why the last attempt failed (never holds a password).</summary>
    public string? LastError { get; set; }

    /// <summary>Until when a dispatcher holds the row; another dispatcher leaves it alone before then.</summary>
    public DateTimeOffset? LockedUntil { get; set; }

    /// <summary>The claim that holds the row (one per dispatch round), null when free.</summary>
    public string? LockedBy { get; set; }
}
