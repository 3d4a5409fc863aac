using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using PropertyFlow.Workflows.Notices.Templates;

namespace PropertyFlow.Workflows.Notices.Outbox;

/// <summary>What to queue: a template, who it goes to, and the values the template reads.</summary>
public sealed record NoticeRequest
{
    /// <summary>The template name, e.g. <c>complaint-received</c>.</summary>
    public required string Template { get; init; }

    /// <summary>The recipients, in a form <see cref="IRecipientDirectory"/> understands.</summary>
    public required string To { get; init; }

    /// <summary><c>zh</c> or <c>en</c> for every recipient; null (default) uses each recipient's own language.</summary>
    public string? Language { get; init; }

    /// <summary>Top-level template variables (usually the process variables). Empty by default.</summary>
    public IReadOnlyDictionary<string, object?> Values { get; init; } = new Dictionary<string, object?>();

    /// <summary>
    /// Queuing the same key again adds nothing (each recipient's row carries <c>{key}|{address}</c>). Null
    /// (default) always queues.
    /// </summary>
    public string? IdempotencyKey { get; init; }
}

/// <summary>The notices one request stands for.</summary>
/// <param name="NoticeIds">One row per recipient, those queued now and those queued by an earlier identical request.</param>
/// <param name="Added">How many rows this call added (0 when the key had queued them all before).</param>
public sealed record EnqueueResult(IReadOnlyList<Guid> NoticeIds, int Added);

/// <summary>
/// Told after new notices were committed to the outbox, so a host can dispatch them now rather than at the
/// next scheduled round (the server enqueues a Hangfire dispatch job). Optional.
/// </summary>
public interface INoticeQueuedListener
{
    /// <summary>Called once per enqueue that added rows; must not throw or block (the notices are already safe).</summary>
    void NoticesQueued(int count);
}

/// <summary>One outbox row as the console lists it.</summary>
public sealed record NoticeSummary(
    Guid Id,
    string Template,
    string Language,
    string RecipientName,
    string RecipientAddress,
    string Subject,
    NoticeStatus Status,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset NextAttemptAt,
    DateTimeOffset? SentAt,
    string? LastError);

/// <summary>
/// Queues notices: resolves the recipients, renders the template now (so the content is frozen as it was
/// when the process step ran) and writes one outbox row per recipient in one transaction. Sending is the
/// <see cref="NoticeDispatcher"/>'s job.
/// </summary>
public sealed class NoticeOutbox(
    IDbContextFactory<NoticeDbContext> contexts,
    IRecipientDirectory recipients,
    NoticeTemplateStore templates,
    NoticeRenderer renderer,
    TimeProvider time,
    IOptions<NoticeOptions> options,
    INoticeQueuedListener? listener = null)
{
    /// <summary>Renders and queues <paramref name="request"/>.</summary>
    /// <exception cref="NoticeTemplateException">The template is unknown, does not parse or does not render; nothing is queued.</exception>
    /// <exception cref="ArgumentException">The recipients cannot be resolved, or name nobody; nothing is queued.</exception>
    public async Task<EnqueueResult> EnqueueAsync(NoticeRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Language is { } lang && !NoticeTemplateStore.Languages.Contains(lang))
        {
            throw new ArgumentException($"'{lang}' is not a notice language ({string.Join(", ", NoticeTemplateStore.Languages)}).", nameof(request));
        }

        // Fail on a bad template before asking the directory anything.
        templates.Get(request.Template, request.Language ?? options.Value.DefaultLanguage);
        var people = await recipients.ResolveAsync(request.To, cancellationToken);
        if (people.Count == 0)
        {
            throw new ArgumentException($"'{request.To}' names nobody to send the notice '{request.Template}' to.", nameof(request));
        }

        var now = time.GetUtcNow();
        var rows = new List<NoticeRecord>();
        foreach (var person in people.DistinctBy(p => p.Email.ToUpperInvariant()))
        {
            if (!MailboxAddress.TryParse(person.Email, out var mailbox) || mailbox.Address != person.Email.Trim() || !person.Email.Contains('@', StringComparison.Ordinal))
            {
                throw new ArgumentException($"'{request.To}' resolved to '{person.Email}', which is not an e-mail address; nothing was queued.", nameof(request));
            }

            var language = request.Language ?? (NoticeTemplateStore.Languages.Contains(person.PreferredLanguage) ? person.PreferredLanguage : options.Value.DefaultLanguage);
            var template = templates.Get(request.Template, language);
            var values = new Dictionary<string, object?>(request.Values, StringComparer.Ordinal)
            {
                ["recipient"] = new Dictionary<string, object?> { ["name"] = person.Name, ["email"] = person.Email },
                ["language"] = template.Language,
            };
            var rendered = await renderer.RenderAsync(template, values);
            rows.Add(new NoticeRecord
            {
                Id = Guid.NewGuid(),
                IdempotencyKey = request.IdempotencyKey is { } key ? RowKey(key, person.Email) : null,
                Template = request.Template,
                Language = template.Language,
                RecipientName = person.Name,
                RecipientAddress = person.Email,
                Subject = rendered.Subject,
                HtmlBody = rendered.HtmlBody,
                TextBody = rendered.TextBody,
                CreatedAt = now,
                Status = NoticeStatus.Pending,
                NextAttemptAt = now,
            });
        }

        var result = await SaveAsync(rows, cancellationToken);
        if (result.Added > 0)
        {
            listener?.NoticesQueued(result.Added);
        }

        return result;
    }

    /// <summary>Rows by status, oldest first (the console's "waiting" and "failed" lists).</summary>
    public async Task<IReadOnlyList<NoticeSummary>> ListAsync(NoticeStatus status, int take = 100, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Notices.AsNoTracking()
            .Where(n => n.Status == status)
            .OrderBy(n => n.CreatedAt)
            .Take(take)
            .Select(n => new NoticeSummary(n.Id, n.Template, n.Language, n.RecipientName, n.RecipientAddress, n.Subject, n.Status,
                n.Attempts, n.CreatedAt, n.NextAttemptAt, n.SentAt, n.LastError))
            .ToListAsync(cancellationToken);
    }

    /// <summary>How many rows are in each status.</summary>
    public async Task<IReadOnlyDictionary<NoticeStatus, int>> CountAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var counts = await db.Notices.GroupBy(n => n.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        return Enum.GetValues<NoticeStatus>().ToDictionary(s => s, s => counts.FirstOrDefault(c => c.Key == s)?.Count ?? 0);
    }

    /// <summary>One row, or null.</summary>
    public async Task<NoticeRecord?> FindAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Notices.AsNoTracking().FirstOrDefaultAsync(n => n.Id == id, cancellationToken);
    }

    /// <summary>
    /// Puts a failed notice back in the queue, due now, with a fresh count of attempts. Returns false when the
    /// notice does not exist or is not failed.
    /// </summary>
    public async Task<bool> RetryAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var changed = await db.Notices
            .Where(n => n.Id == id && n.Status == NoticeStatus.Failed)
            .ExecuteUpdateAsync(
                s => s.SetProperty(n => n.Status, NoticeStatus.Pending).SetProperty(n => n.Attempts, 0).SetProperty(n => n.NextAttemptAt, now),
                cancellationToken);
        return changed == 1;
    }

    /// <summary>The row's key: <c>{key}|{address}</c>, or its SHA-256 when longer than the column (400).</summary>
    private static string RowKey(string key, string address)
    {
        var full = $"{key}|{address.Trim().ToLowerInvariant()}";
        return full.Length <= 400 ? full : "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(full)));
    }

    private async Task<EnqueueResult> SaveAsync(List<NoticeRecord> rows, CancellationToken cancellationToken)
    {
        var keys = rows.Where(r => r.IdempotencyKey is not null).Select(r => r.IdempotencyKey!).ToList();
        for (var attempt = 0; ; attempt++)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var existing = keys.Count == 0
                ? []
                : await db.Notices.AsNoTracking().Where(n => keys.Contains(n.IdempotencyKey!)).Select(n => new { n.Id, n.IdempotencyKey }).ToListAsync(cancellationToken);
            var known = existing.ToDictionary(e => e.IdempotencyKey!, e => e.Id, StringComparer.Ordinal);
            var fresh = rows.Where(r => r.IdempotencyKey is null || !known.ContainsKey(r.IdempotencyKey)).ToList();
            db.Notices.AddRange(fresh);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException) when (attempt == 0 && keys.Count > 0)
            {
                // A concurrent identical request won the unique key between our read and write; read again.
                continue;
            }

            var ids = rows.Select(r => r.IdempotencyKey is { } k && known.TryGetValue(k, out var id) ? id : r.Id).ToList();
            return new EnqueueResult(ids, fresh.Count);
        }
    }
}
