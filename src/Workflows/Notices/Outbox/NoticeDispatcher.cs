using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PropertyFlow.Workflows.Notices.Transport;

namespace PropertyFlow.Workflows.Notices.Outbox;

/// <summary>What one dispatch round did.</summary>
/// <param name="Claimed">Due rows this round took (leased).</param>
/// <param name="Sent">Rows handed to the transport.</param>
/// <param name="Retrying">Rows that failed and wait for their next attempt.</param>
/// <param name="Failed">Rows that failed their last allowed attempt (kept, retryable by a person).</param>
public sealed record DispatchResult(int Claimed, int Sent, int Retrying, int Failed);

/// <summary>
/// Sends due notices. Each round claims up to <see cref="NoticeOptions.BatchSize"/> due rows by writing a
/// lease on them (an UPDATE that only matches unleased rows, so two dispatchers, on one node or many, never
/// take the same row), sends them over one connection and records each result. A failure leaves the row in
/// the outbox with its error and the time of its next attempt (<see cref="NoticeOptions.RetryDelays"/>): a
/// mail server that is down delays notices and loses none. A notice the server refuses for good
/// (<see cref="NoticeRejectedException"/>, e.g. no such mailbox) is marked failed at once.
/// </summary>
/// <remarks>
/// Delivery is at least once: a crash after the server accepted a message and before the row is marked sent
/// sends it again when the lease runs out (with the same Message-Id).
/// </remarks>
public sealed class NoticeDispatcher(
    IDbContextFactory<NoticeDbContext> contexts,
    INoticeTransport transport,
    TimeProvider time,
    IOptions<NoticeOptions> options,
    IOptions<SmtpOptions> smtp,
    ILogger<NoticeDispatcher>? logger = null)
{
    private readonly NoticeOptions _options = options.Value;
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    /// <summary>Sends every notice that is due now (one batch); returns what happened.</summary>
    public async Task<DispatchResult> DispatchDueAsync(CancellationToken cancellationToken = default)
    {
        var claim = $"{Environment.ProcessId}:{Guid.NewGuid():N}";
        var rows = await ClaimAsync(claim, cancellationToken);
        if (rows.Count == 0)
        {
            return new DispatchResult(0, 0, 0, 0);
        }

        _logger.LogInformation("Sending {Count} notices via {Transport}.", rows.Count, transport.Description);
        INoticeTransportSession? session = null;
        Exception? openError = null;
        try
        {
            session = await transport.OpenAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            openError = e;
            _logger.LogWarning("Cannot reach {Transport}: {Error}", transport.Description, Describe(e));
        }

        int sent = 0, retrying = 0, failed = 0;
        try
        {
            foreach (var row in rows)
            {
                var error = openError;
                if (session is not null)
                {
                    try
                    {
                        await session.SendAsync(ToOutgoing(row), cancellationToken);
                    }
                    catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                    {
                        error = e;
                    }
                }

                if (error is null)
                {
                    await MarkSentAsync(row, claim, cancellationToken);
                    sent++;
                }
                else if (await MarkFailedAsync(row, claim, error, cancellationToken))
                {
                    failed++;
                }
                else
                {
                    retrying++;
                }
            }
        }
        finally
        {
            if (session is not null)
            {
                await session.DisposeAsync();
            }
        }

        return new DispatchResult(rows.Count, sent, retrying, failed);
    }

    private async Task<List<NoticeRecord>> ClaimAsync(string claim, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(ct);
        var due = await db.Notices.AsNoTracking()
            .Where(n => n.Status == NoticeStatus.Pending && n.NextAttemptAt <= now && (n.LockedUntil == null || n.LockedUntil < now))
            .OrderBy(n => n.NextAttemptAt)
            .Take(Math.Max(1, _options.BatchSize))
            .Select(n => n.Id)
            .ToListAsync(ct);
        if (due.Count == 0)
        {
            return [];
        }

        // The lease: only rows still free when this UPDATE runs get this claim; a concurrent dispatcher's
        // UPDATE of the same rows matches nothing once ours committed (and the other way round).
        var until = now + _options.LeaseDuration;
        await db.Notices
            .Where(n => due.Contains(n.Id) && n.Status == NoticeStatus.Pending && (n.LockedUntil == null || n.LockedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.LockedUntil, until).SetProperty(n => n.LockedBy, claim), ct);
        return await db.Notices.AsNoTracking().Where(n => n.LockedBy == claim).OrderBy(n => n.NextAttemptAt).ToListAsync(ct);
    }

    private async Task MarkSentAsync(NoticeRecord row, string claim, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(ct);
        await db.Notices
            .Where(n => n.Id == row.Id && n.LockedBy == claim)
            .ExecuteUpdateAsync(
                s => s.SetProperty(n => n.Status, NoticeStatus.Sent)
                    .SetProperty(n => n.SentAt, now)
                    .SetProperty(n => n.Attempts, row.Attempts + 1)
                    .SetProperty(n => n.LockedUntil, (DateTimeOffset?)null)
                    .SetProperty(n => n.LockedBy, (string?)null),
                ct);
    }

    /// <summary>Records a failed attempt; true when it was the last one allowed.</summary>
    private async Task<bool> MarkFailedAsync(NoticeRecord row, string claim, Exception error, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var attempts = row.Attempts + 1;
        var giveUp = attempts >= Math.Max(1, _options.MaxAttempts) || error is NoticeRejectedException;
        var next = giveUp ? now : now + _options.RetryDelay(attempts);
        var text = Describe(error);
        await using var db = await contexts.CreateDbContextAsync(ct);
        await db.Notices
            .Where(n => n.Id == row.Id && n.LockedBy == claim)
            .ExecuteUpdateAsync(
                s => s.SetProperty(n => n.Status, giveUp ? NoticeStatus.Failed : NoticeStatus.Pending)
                    .SetProperty(n => n.Attempts, attempts)
                    .SetProperty(n => n.NextAttemptAt, next)
                    .SetProperty(n => n.LastError, text)
                    .SetProperty(n => n.LockedUntil, (DateTimeOffset?)null)
                    .SetProperty(n => n.LockedBy, (string?)null),
                ct);
        if (giveUp)
        {
            _logger.LogError("Notice {Id} to {Address} failed {Attempts} times and is given up (retry it from the console): {Error}",
                row.Id, row.RecipientAddress, attempts, text);
        }
        else
        {
            _logger.LogWarning("Notice {Id} to {Address} failed (attempt {Attempts}); next attempt at {Next:O}: {Error}",
                row.Id, row.RecipientAddress, attempts, next, text);
        }

        return giveUp;
    }

    /// <summary>The error as stored and logged: type and message, never the SMTP password, at most 2,000 characters.</summary>
    private string Describe(Exception error)
    {
        var text = $"{error.GetType().Name}: {error.Message}";
        if (smtp.Value.Password is { Length: > 0 } password)
        {
            text = text.Replace(password, "***", StringComparison.Ordinal);
        }

        return text.Length <= 2000 ? text : text[..2000];
    }

    private static OutgoingNotice ToOutgoing(NoticeRecord row) =>
        new(row.Id, row.RecipientName, row.RecipientAddress, row.Language, row.Subject, row.HtmlBody, row.TextBody, row.CreatedAt);
}
