using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PropertyFlow.Engine;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Workflows.Data;
using PropertyFlow.Workflows.Domain;
using PropertyFlow.Workflows.Handlers;
using PropertyFlow.Workflows.Queries;

namespace PropertyFlow.Server.Owners;

/// <summary>What an owner typed into the public complaint form (or sent to <c>POST /api/public/communities/{code}/complaints</c>).</summary>
/// <param name="Name">The owner's name (required, ≤ 100 characters).</param>
/// <param name="Unit">The unit number, e.g. <c>1-1-101</c> (optional; checked against the community's units).</param>
/// <param name="Phone">A phone number (optional; 5–20 digits with spaces, <c>-</c>, brackets, a leading <c>+</c>).</param>
/// <param name="Email">The e-mail the process's notices go to (required).</param>
/// <param name="Category">One of the complaint categories (<c>repair</c>, <c>service</c>, …).</param>
/// <param name="Description">What happened (required, ≤ 2,000 characters).</param>
public sealed record OwnerComplaintForm(
    string? Name = null, string? Unit = null, string? Phone = null, string? Email = null, string? Category = null, string? Description = null);

/// <summary>What the status page (and <c>GET /api/public/complaints/{token}</c>) shows.</summary>
/// <param name="Link">The owner's link (rating, when it was filed).</param>
/// <param name="Complaint">The complaint; null while the process is still recording it.</param>
/// <param name="CommunityName">The community's name.</param>
/// <param name="CommunityNameEn">The community's English name.</param>
/// <param name="Clock">The promise clock, computed by <see cref="PromiseClock.Compute"/> as on the staff complaint page.</param>
/// <param name="AsksForRating">The follow-up is waiting and the owner has not rated yet.</param>
public sealed record OwnerComplaintStatus(
    ComplaintOwnerLink Link,
    Complaint? Complaint,
    string CommunityName,
    string CommunityNameEn,
    IReadOnlyList<PromiseStepClock> Clock,
    bool AsksForRating);

/// <summary>
/// The complaint side of the owners' pages: filing a complaint through the public form (it starts the
/// <c>complaint</c> process exactly as a staff member's start does, channel <c>owner-form</c>), the status page
/// behind the private link, and the owner's rating at follow-up.
/// </summary>
public sealed class OwnerComplaints(
    ProcessEngine engine,
    ComplaintQueries queries,
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

    /// <summary>
    /// Files an owner's complaint: checks every field (nothing starts when one is wrong), starts the complaint process
    /// and issues the owner's link. Done gives the link's token.
    /// </summary>
    public async Task<OwnerResult<string>> FileAsync(string communityCode, OwnerComplaintForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        var community = await FindCommunityAsync(communityCode, ct);
        if (community is null)
        {
            return OwnerResult.Refused<string>(OwnerOutcome.NotFound, "owners.noCommunity");
        }

        var errors = await CheckAsync(community, form, ct);
        if (errors.Count > 0)
        {
            return OwnerResult.Invalid<string>(errors);
        }

        try
        {
            return OwnerResult.Done<string>(await SubmitAsync(community, form, ct));
        }
        catch (ProcessEngineException)
        {
            // E.g. the complaint process is not deployed: the owner keeps what they typed and is told to try later.
            return OwnerResult.Refused<string>(OwnerOutcome.Unavailable, "owners.err.unavailable");
        }
    }

    /// <summary>The link's complaint as the owner sees it: not found, gone (expired) or done.</summary>
    public async Task<OwnerResult<OwnerComplaintStatus>> OpenAsync(string token, CancellationToken ct)
    {
        var status = await StatusAsync(token, ct);
        return status is null ? OwnerResult.Refused<OwnerComplaintStatus>(OwnerOutcome.NotFound, "owners.noLink")
            : IsExpired(status) ? OwnerResult.Refused<OwnerComplaintStatus>(OwnerOutcome.Gone, "owners.expired")
            : OwnerResult.Done<OwnerComplaintStatus>(status);
    }

    /// <summary>
    /// The owner's rating at follow-up (1–5 and an optional comment): completes the follow-up task as the owner's
    /// answer (reached, satisfied when the score is 4 or 5), so a bad rating reopens the complaint exactly as a failed
    /// follow-up call does. Rated already, or no follow-up waiting: a conflict, nothing changes. Done gives the new status.
    /// </summary>
    public async Task<OwnerResult<OwnerComplaintStatus>> RateAsync(string token, int? score, string? comment, CancellationToken ct)
    {
        var opened = await OpenAsync(token, ct);
        if (opened.Outcome != OwnerOutcome.Done)
        {
            return opened;
        }

        if (score is not (>= 1 and <= 5))
        {
            return OwnerResult.Invalid<OwnerComplaintStatus>(new Dictionary<string, string> { ["score"] = "owners.err.rating" });
        }

        try
        {
            await RecordRatingAsync(opened.Result, score.Value, comment, ct);
        }
        catch (Exception e) when (e is DomainException or ProcessEngineException)
        {
            // Rated already, or the follow-up was done by a staff member meanwhile: nothing changes.
            return OwnerResult.Refused<OwnerComplaintStatus>(OwnerOutcome.Conflict, "owners.err.rated", await StatusAsync(token, ct));
        }

        return OwnerResult.Done<OwnerComplaintStatus>((await StatusAsync(token, ct))!);
    }

    /// <summary>Field (camelCase) → text key of its first problem; empty when the form can be filed.</summary>
    private async Task<Dictionary<string, string>> CheckAsync(Community community, OwnerComplaintForm form, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        void Check(string field, bool ok, string key)
        {
            if (!ok)
            {
                errors.TryAdd(field, key);
            }
        }

        var email = form.Email?.Trim();
        var phone = form.Phone?.Trim();
        var unit = form.Unit?.Trim();
        Check("name", !string.IsNullOrWhiteSpace(form.Name), "owners.err.name");
        Check("name", form.Name is null || form.Name.Trim().Length <= 100, "owners.err.nameLong");
        Check("email", !string.IsNullOrEmpty(email), "owners.err.email");
        Check("email", string.IsNullOrEmpty(email) || (email.Length <= 254 && new EmailAddressAttribute().IsValid(email)), "owners.err.emailForm");
        Check("phone", string.IsNullOrEmpty(phone) || PhoneShape(phone), "owners.err.phone");
        Check("category", form.Category is not null && Categories.Contains(form.Category), "owners.err.category");
        Check("description", !string.IsNullOrWhiteSpace(form.Description), "owners.err.description");
        Check("description", form.Description is null || form.Description.Trim().Length <= MaxDescription, "owners.err.descriptionLong");
        if (!string.IsNullOrEmpty(unit))
        {
            Check("unit", unit.Length <= 32 && await UnitExistsAsync(community, unit, ct), "owners.err.unit");
        }

        return errors;
    }

    // Digits with the usual separators and an optional leading +, 5–20 digits (mainland mobiles, landlines with area codes).
    private static bool PhoneShape(string phone)
    {
        var digits = phone.Count(char.IsAsciiDigit);
        return digits is >= 5 and <= 20 && phone.Length <= 30
            && phone.Select((c, i) => char.IsAsciiDigit(c) || c is ' ' or '-' or '(' or ')' || (c == '+' && i == 0)).All(ok => ok);
    }

    /// <summary>Starts the complaint process for a checked form and issues the owner's link; returns the link's token.</summary>
    private async Task<string> SubmitAsync(Community community, OwnerComplaintForm form, CancellationToken ct)
    {
        var name = form.Name!.Trim();
        var email = form.Email!.Trim();
        var variables = new Dictionary<string, object?>
        {
            ["community"] = community.Code,
            ["category"] = form.Category,
            ["description"] = form.Description!.Trim(),
            ["unit"] = string.IsNullOrWhiteSpace(form.Unit) ? null : form.Unit.Trim(),
            ["ownerEmail"] = email,
            ["ownerName"] = name,
            ["ownerPhone"] = string.IsNullOrWhiteSpace(form.Phone) ? null : form.Phone.Trim(),
            ["severity"] = "normal",
            ["urgent"] = false,
            ["channel"] = "owner-form",
        };
        var instance = await engine.StartAsync(ProcessKey, new StartOptions { Variables = variables, StartedBy = "owner-form" }, ct);

        await using var db = await contexts.CreateDbContextAsync(ct);
        db.Actor = "owner-form";
        var (link, token) = ComplaintOwnerLink.Issue(instance.Id, community.Id, name, form.Phone, email, time.GetUtcNow());
        db.ComplaintOwnerLinks.Add(link);
        await db.SaveChangesAsync(ct);
        return token;
    }

    /// <summary>The link's complaint as the owner sees it; null when no link has this token.</summary>
    private async Task<OwnerComplaintStatus?> StatusAsync(string token, CancellationToken ct)
    {
        var hash = ComplaintOwnerLink.HashOfToken(token);
        if (hash is null)
        {
            return null;
        }

        ComplaintOwnerLink? link;
        Complaint? complaint;
        Community community;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            link = await db.ComplaintOwnerLinks.AsNoTracking().FirstOrDefaultAsync(l => l.TokenHash == hash, ct);
            if (link is null)
            {
                return null;
            }

            var sourceKey = link.ComplaintSourceKey;
            complaint = await db.Complaints.AsNoTracking().FirstOrDefaultAsync(c => c.SourceKey == sourceKey, ct);
            community = await db.Communities.AsNoTracking().FirstAsync(c => c.Id == link.CommunityId, ct);
        }

        if (complaint is null)
        {
            // Recording waits (e.g. for a retry): no clock yet; the page says the complaint is being recorded.
            return new OwnerComplaintStatus(link, null, community.Name, community.NameEn, [], AsksForRating: false);
        }

        // The staff complaint page's reading of the complaint: one promise clock for staff and owner.
        var detail = await queries.GetAsync(complaint.Id, ct);
        var followUpWaits = detail.Tasks.Any(t => t.ElementId == FollowUpTask && t.State == TaskState.Open);
        return new OwnerComplaintStatus(link, complaint, community.Name, community.NameEn, detail.Clock,
            AsksForRating: followUpWaits && link.Rating is null);
    }

    /// <summary>True when the link's complaint closed longer ago than the configured lifetime.</summary>
    private bool IsExpired(OwnerComplaintStatus status) =>
        ComplaintOwnerLink.IsExpired(status.Complaint, options.Value.LinkLifetimeAfterClose, time.GetUtcNow());

    private async Task RecordRatingAsync(OwnerComplaintStatus status, int score, string? comment, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        db.Actor = "owner-link";
        var link = await db.ComplaintOwnerLinks.FirstAsync(l => l.Id == status.Link.Id, ct);
        link.Rate(score, time.GetUtcNow());
        var tasks = await engine.QueryTasksAsync(new TaskQuery { InstanceId = link.InstanceId, State = TaskState.Open }, ct);
        var followUp = tasks.FirstOrDefault(t => t.ElementId == FollowUpTask)
            ?? throw new DomainException("This complaint is not waiting for a rating.");

        // The rating is saved first: a second submit is refused even if completing the task then races another one.
        await db.SaveChangesAsync(ct);
        var text = comment?.Trim() is { Length: > 0 } c ? (c.Length > 1000 ? c[..1000] : c) : null;
        var note = $"业主评分 Owner rating {score}/5" + (text is null ? "" : ": " + text);
        await engine.CompleteTaskAsync(followUp.Id, TaskActor.System, new Dictionary<string, object?>
        {
            ["reached"] = true,
            ["satisfied"] = score >= Survey.SatisfiedScore,
            ["followUpNote"] = note.Length > 1000 ? note[..1000] : note,
        }, ct);
    }
}
