using System.Globalization;
using System.Xml;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PropertyFlow.Engine;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Workflows.Data;
using PropertyFlow.Workflows.Domain;
using PropertyFlow.Workflows.Handlers;

namespace PropertyFlow.Server.Owners;

/// <summary>What an owner typed into the public complaint form.</summary>
public sealed record OwnerComplaintForm(string Name, string? Unit, string? Phone, string Email, string Category, string Description);

/// <summary>One of the times promised to the owner; <see cref="DoneAt"/> once the step is done.</summary>
public sealed record PromisedTime(string Step, DateTimeOffset? DueAt, DateTimeOffset? DoneAt);

/// <summary>A step that ran late, and the new time promised to the owner.</summary>
public sealed record LateStep(string Step, DateTimeOffset LateAt, DateTimeOffset NewPromise);

/// <summary>What the status page shows.</summary>
public sealed record OwnerComplaintStatus(
    ComplaintOwnerLink Link,
    Complaint? Complaint,
    string CommunityName,
    string CommunityNameEn,
    IReadOnlyList<PromisedTime> Promises,
    IReadOnlyList<LateStep> LateSteps,
    bool AsksForRating);

/// <summary>
/// The complaint side of the owners' pages: filing a complaint through the public form (it starts the
/// <c>complaint</c> process exactly as a staff member's start does, channel <c>owner-form</c>), the status page
/// behind the private link, and the owner's rating at follow-up.
/// </summary>
public sealed class OwnerComplaints(
    ProcessEngine engine,
    IDbContextFactory<PropertyDbContext> contexts,
    IOptions<OwnersOptions> options,
    TimeProvider time)
{
    /// <summary>The shipped complaint process.</summary>
    public const string ProcessKey = "complaint";

    /// <summary>The longest description the form takes (the complaint's column holds 4000).</summary>
    public const int MaxDescription = 2000;

    /// <summary>The follow-up user task of the complaint process, where the owner's rating goes.</summary>
    public const string FollowUpTask = "followUp";

    // The steps of complaint.bpmn that the owner sees, each with the element whose lateness the owner is told of.
    private static readonly (string Step, string LateNotice)[] Steps =
    [
        ("calm", "calm_ownerLate"),
        ("resolve", "resolve_ownerLate"),
        ("resolve", "resolveUrgent_ownerLate"),
        ("followUp", "followUp_ownerLate"),
    ];

    public static IReadOnlyList<string> Categories => ComplaintCategories.All;

    /// <summary>The community with <paramref name="code"/> (case-insensitive), or null.</summary>
    public async Task<Community?> FindCommunityAsync(string code, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var upper = code.Trim().ToUpperInvariant();
        return await db.Communities.AsNoTracking().FirstOrDefaultAsync(c => c.Code == upper, ct);
    }

    /// <summary>True when the community has the unit numbered <paramref name="number"/>.</summary>
    public async Task<bool> UnitExistsAsync(Community community, string number, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Units.AnyAsync(u => u.CommunityId == community.Id && u.Number == number, ct);
    }

    /// <summary>Starts the complaint process for the form and issues the owner's link; returns the link's token.</summary>
    public async Task<string> SubmitAsync(Community community, OwnerComplaintForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(community);
        ArgumentNullException.ThrowIfNull(form);
        var variables = new Dictionary<string, object?>
        {
            ["community"] = community.Code,
            ["category"] = form.Category,
            ["description"] = form.Description,
            ["unit"] = string.IsNullOrWhiteSpace(form.Unit) ? null : form.Unit.Trim(),
            ["ownerEmail"] = form.Email.Trim(),
            ["ownerName"] = form.Name.Trim(),
            ["ownerPhone"] = string.IsNullOrWhiteSpace(form.Phone) ? null : form.Phone.Trim(),
            ["severity"] = "normal",
            ["urgent"] = false,
            ["channel"] = "owner-form",
        };
        var instance = await engine.StartAsync(ProcessKey, new StartOptions { Variables = variables, StartedBy = "owner-form" }, ct);

        await using var db = await contexts.CreateDbContextAsync(ct);
        db.Actor = "owner-form";
        var (link, token) = ComplaintOwnerLink.Issue(instance.Id, community.Id, form.Name, form.Phone, form.Email, time.GetUtcNow());
        db.ComplaintOwnerLinks.Add(link);
        await db.SaveChangesAsync(ct);
        return token;
    }

    /// <summary>The link's complaint as the owner sees it; null when no link has this token.</summary>
    public async Task<OwnerComplaintStatus?> StatusAsync(string token, CancellationToken ct)
    {
        var hash = ComplaintOwnerLink.HashOfToken(token);
        if (hash is null)
        {
            return null;
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var link = await db.ComplaintOwnerLinks.AsNoTracking().FirstOrDefaultAsync(l => l.TokenHash == hash, ct);
        if (link is null)
        {
            return null;
        }

        var sourceKey = link.ComplaintSourceKey;
        var complaint = await db.Complaints.AsNoTracking().FirstOrDefaultAsync(c => c.SourceKey == sourceKey, ct);
        var community = await db.Communities.AsNoTracking().FirstAsync(c => c.Id == link.CommunityId, ct);

        InstanceSnapshot? instance = null;
        try
        {
            instance = await engine.GetInstanceAsync(link.InstanceId, ct);
        }
        catch (NotFoundException)
        {
            // Instances may be cleaned up after their history time; the complaint row still tells the story.
        }

        var variables = instance?.Variables ?? new Dictionary<string, object?>();
        var tasks = instance is null ? [] : await engine.QueryTasksAsync(new TaskQuery { InstanceId = instance.Id, State = TaskState.Open }, ct);
        var followUp = tasks.FirstOrDefault(t => t.ElementId == FollowUpTask);

        var promises = new List<PromisedTime>
        {
            new("calm", Instant(variables, "responseDueAt"), complaint?.CalmedAt),
            new("resolve", Instant(variables, "resolveDueAt"), complaint?.ResolvedAt),
            new("followUp", followUp?.DueAt ?? FollowUpEstimate(complaint, variables), complaint?.FollowedUpAt),
        };

        var lateSteps = new List<LateStep>();
        if (instance is not null)
        {
            var hours = variables.TryGetValue("promiseExtensionHours", out var h) && h is not null
                ? Convert.ToDouble(h, CultureInfo.InvariantCulture)
                : 24;
            var history = await engine.GetHistoryAsync(instance.Id, ct);
            foreach (var entry in history.Where(e => e.Kind == HistoryKinds.ElementCompleted))
            {
                var step = Steps.FirstOrDefault(s => s.LateNotice == entry.ElementId).Step;
                if (step is not null)
                {
                    lateSteps.Add(new LateStep(step, entry.At, entry.At.AddHours(hours)));
                }
            }
        }

        return new OwnerComplaintStatus(link, complaint, community.Name, community.NameEn, promises, lateSteps,
            AsksForRating: followUp is not null && link.Rating is null);
    }

    /// <summary>True when the link's complaint closed longer ago than the configured lifetime.</summary>
    public bool IsExpired(OwnerComplaintStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return ComplaintOwnerLink.IsExpired(status.Complaint, options.Value.LinkLifetimeAfterClose, time.GetUtcNow());
    }

    /// <summary>
    /// The owner's rating at follow-up: completes the follow-up task as the owner's answer (reached, satisfied when
    /// the score is 4 or 5), so a bad rating reopens the complaint exactly as a failed follow-up call does.
    /// </summary>
    /// <exception cref="DomainException">Already rated, no follow-up is waiting, or the score is not 1–5.</exception>
    public async Task RateAsync(OwnerComplaintStatus status, int score, string? comment, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(status);
        await using var db = await contexts.CreateDbContextAsync(ct);
        db.Actor = "owner-link";
        var link = await db.ComplaintOwnerLinks.FirstAsync(l => l.Id == status.Link.Id, ct);
        link.Rate(score, time.GetUtcNow());
        var tasks = await engine.QueryTasksAsync(new TaskQuery { InstanceId = link.InstanceId, State = TaskState.Open }, ct);
        var followUp = tasks.FirstOrDefault(t => t.ElementId == FollowUpTask)
            ?? throw new DomainException("This complaint is not waiting for a rating.");

        // The rating is saved first: a second submit is refused even if completing the task then races another one.
        await db.SaveChangesAsync(ct);
        var note = $"业主评分 Owner rating {score}/5" + (string.IsNullOrWhiteSpace(comment) ? "" : ": " + comment.Trim());
        await engine.CompleteTaskAsync(followUp.Id, TaskActor.System, new Dictionary<string, object?>
        {
            ["reached"] = true,
            ["satisfied"] = score >= Survey.SatisfiedScore,
            ["followUpNote"] = note.Length > 1000 ? note[..1000] : note,
        }, ct);
    }

    private static DateTimeOffset? Instant(IReadOnlyDictionary<string, object?> variables, string name) =>
        variables.TryGetValue(name, out var value) && value is string text
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
            ? at
            : null;

    // Before the follow-up task exists: resolution (done or promised) plus the process's follow-up window.
    private static DateTimeOffset? FollowUpEstimate(Complaint? complaint, IReadOnlyDictionary<string, object?> variables)
    {
        var from = complaint?.ResolvedAt ?? Instant(variables, "resolveDueAt");
        if (from is null || !variables.TryGetValue("followUpWithin", out var within) || within is not string duration)
        {
            return null;
        }

        try
        {
            return from.Value + XmlConvert.ToTimeSpan(duration);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
