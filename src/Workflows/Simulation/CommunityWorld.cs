using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Engine.Simulation;
using PropertyFlow.Workflows.Data;
using PropertyFlow.Workflows.Domain;
using PropertyFlow.Workflows.Handlers;

namespace PropertyFlow.Workflows.Simulation;

/// <summary>
/// The synthetic owners and bank of a community simulation. Owners file complaints and repair requests at Poisson rates
/// (drawn per day, at a time between 08:00 and 22:00), pay each bill after a delay drawn from its reference (most before
/// the due date, some late, a few never) through the real <c>payment.match</c> building block, and answer open surveys with
/// drawn scores. Staff enter bad ratings in a share of follow-ups and visits. Every draw is a pure function of the seed
/// and a stable key (the day, the bill reference, the owner's e-mail, the instance key), never of ids or query order.
/// </summary>
internal sealed class CommunityWorld(
    CommunitySimulationOptions options,
    IReadOnlyList<string> unitNumbers,
    ProcessEngine engine,
    IDbContextFactory<PropertyDbContext> contexts,
    PaymentMatchHandler payments) : ISimulationWorld
{
    private static readonly string[] Categories = ["repair", "billing", "service", "security", "environment", "noise", "other"];
    private static readonly string[] Skills = ["plumbing", "electrical", "elevator", "fire-safety"];

    private readonly SortedSet<WorldAction> _actions = [];
    private readonly HashSet<string> _plannedBills = new(StringComparer.Ordinal);
    private readonly HashSet<Guid> _plannedSurveys = [];
    private DateTimeOffset _billsSince = DateTimeOffset.MinValue;
    private int _complaints;
    private int _repairs;

    /// <summary>Payments the bank reported to <c>payment.match</c>.</summary>
    public int Payments { get; private set; }

    /// <summary>Survey answers the owners gave.</summary>
    public int SurveyAnswers { get; private set; }

    /// <summary>Complaints and repair requests filed.</summary>
    public (int Complaints, int Repairs) Filed => (_complaints, _repairs);

    public DateTimeOffset? NextActionAt => _actions.Min?.At;

    /// <summary>Plans every complaint and repair request of the run (the arrivals do not depend on what happens).</summary>
    public void PlanArrivals()
    {
        var zone = options.Simulation.Engine.TimeZone;
        var end = options.Start + options.Duration;
        var firstDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(options.Start, zone).DateTime);
        for (var day = firstDay; ; day = day.AddDays(1))
        {
            var midnight = day.ToDateTime(TimeOnly.MinValue);
            var dayStart = new DateTimeOffset(midnight, zone.GetUtcOffset(midnight));
            if (dayStart >= end)
            {
                break;
            }

            var dayKey = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            Arrivals(dayStart, dayKey, "complaint", options.ComplaintsPerUnitPerDay, end);
            Arrivals(dayStart, dayKey, "repair", options.RepairsPerUnitPerDay, end);
        }
    }

    private void Arrivals(DateTimeOffset dayStart, string dayKey, string kind, double rate, DateTimeOffset end)
    {
        var count = SeededDraw.Poisson(rate * unitNumbers.Count, options.Seed, kind, dayKey);
        for (var n = 0; n < count; n++)
        {
            var key = Invariant($"{dayKey}/{n}");
            var at = dayStart + TimeSpan.FromHours(8) + TimeSpan.FromSeconds(Math.Floor(SeededDraw.Uniform(options.Seed, kind, key, "at") * 14 * 3600));
            if (at >= options.Start && at < end)
            {
                _actions.Add(new WorldAction(at, kind, key, null));
            }
        }
    }

    public async Task<int> ActAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var acted = 0;
        while (_actions.Min is { } action && action.At <= now)
        {
            _actions.Remove(action);
            await RunAsync(action, now, cancellationToken);
            acted++;
        }

        await PlanPaymentsAsync(now, cancellationToken);
        await PlanSurveyAnswersAsync(now, cancellationToken);
        return acted;
    }

    public IReadOnlyDictionary<string, object?>? TaskValues(SimulatedTask task)
    {
        bool Bad() => SeededDraw.Uniform(options.Seed, "rating", task.InstanceKey, task.ElementId, Invariant($"{task.Occurrence}")) < options.BadRatingShare;
        return (task.ProcessKey, task.ElementId) switch
        {
            ("complaint", "calm") => new Dictionary<string, object?> { ["calmNote"] = "已致电业主说明处理安排 called the owner" },
            ("complaint", "resolve" or "resolveUrgent") => new Dictionary<string, object?> { ["resolution"] = "已处理 resolved" },
            ("complaint", "followUp") => new Dictionary<string, object?> { ["reached"] = true, ["satisfied"] = !Bad(), ["followUpNote"] = "回访 follow-up call" },
            ("repair", "fix") => new Dictionary<string, object?> { ["resolution"] = "已修复 fixed" },
            ("repair", "confirm") => new Dictionary<string, object?> { ["confirmed"] = true, ["ownerComment"] = "" },
            ("repair", "visit") => new Dictionary<string, object?> { ["satisfied"] = !Bad(), ["visitNotes"] = "回访 visit" },
            ("daily-inspection", "round") => new Dictionary<string, object?>
            {
                ["result"] = SeededDraw.Uniform(options.Seed, "round", task.InstanceKey, Invariant($"{task.Occurrence}")) < options.InspectionIssueShare ? "issue" : "ok",
                ["notes"] = "巡检 round",
            },
            ("evaluation-kpi", "review") => new Dictionary<string, object?> { ["plan"] = "按月复盘 monthly review" },
            ("evaluation-survey", "corrective") => new Dictionary<string, object?> { ["action"] = "整改 corrective action" },
            ("finance-collection", "handover") => new Dictionary<string, object?> { ["caseReference"] = "SIM-" + task.InstanceKey },
            _ => null,
        };
    }

    private async Task RunAsync(WorldAction action, DateTimeOffset now, CancellationToken ct)
    {
        switch (action.Kind)
        {
            case "complaint":
                await FileComplaintAsync(action.Key, ct);
                break;
            case "repair":
                await RequestRepairAsync(action.Key, ct);
                break;
            case "pay":
                await PayAsync(action.Key, now, ct);
                break;
            case "answer":
                await AnswerAsync(action, now, ct);
                break;
            default:
                throw new InvalidOperationException($"Unknown world action {action.Kind}.");
        }
    }

    private async Task FileComplaintAsync(string key, CancellationToken ct)
    {
        var unit = SeededDraw.Index(unitNumbers.Count, options.Seed, "complaint", key, "unit");
        var urgent = SeededDraw.Uniform(options.Seed, "complaint", key, "urgent") < options.UrgentComplaintShare;
        _complaints++;
        await engine.StartAsync("complaint", new StartOptions
        {
            BusinessKey = Invariant($"sim-complaint-{_complaints}"),
            Variables = new Dictionary<string, object?>
            {
                ["community"] = options.CommunityCode,
                ["category"] = Categories[SeededDraw.Index(Categories.Length, options.Seed, "complaint", key, "category")],
                ["description"] = "模拟投诉 simulated complaint",
                ["unit"] = unitNumbers[unit],
                ["ownerEmail"] = Invariant($"owner{unit + 1}@example.org"),
                ["severity"] = urgent ? "high" : "normal",
                ["urgent"] = urgent,
                ["channel"] = "owner-form",
            },
        }, ct);
    }

    private async Task RequestRepairAsync(string key, CancellationToken ct)
    {
        var unit = SeededDraw.Index(unitNumbers.Count, options.Seed, "repair", key, "unit");
        var urgent = SeededDraw.Uniform(options.Seed, "repair", key, "urgent") < options.UrgentRepairShare;
        _repairs++;
        await engine.StartAsync("repair", new StartOptions
        {
            BusinessKey = Invariant($"sim-repair-{_repairs}"),
            Variables = new Dictionary<string, object?>
            {
                ["community"] = options.CommunityCode,
                ["title"] = "模拟报修 simulated repair",
                ["unit"] = unitNumbers[unit],
                ["skill"] = Skills[SeededDraw.Index(Skills.Length, options.Seed, "repair", key, "skill")],
                ["priority"] = urgent ? "P1" : "P2",
                ["description"] = "模拟报修 simulated repair",
            },
        }, ct);
    }

    /// <summary>Plans when each new bill is paid: on time (before the due date), late (up to the longest delay after it) or never.</summary>
    private async Task PlanPaymentsAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var since = _billsSince;
        var bills = await db.Bills.AsNoTracking()
            .Where(b => b.IssuedAt >= since)
            .Select(b => new { b.Reference, b.IssuedAt, b.DueDate })
            .ToListAsync(ct);
        _billsSince = now;
        var zone = options.Simulation.Engine.TimeZone;
        foreach (var bill in bills.Where(b => _plannedBills.Add(b.Reference)).OrderBy(b => b.Reference, StringComparer.Ordinal))
        {
            var (kind, fraction) = SeededDraw.Uniforms(options.Seed, "pay", bill.Reference);
            var dueMidnight = bill.DueDate.ToDateTime(new TimeOnly(18, 0));
            var due = new DateTimeOffset(dueMidnight, zone.GetUtcOffset(dueMidnight));
            DateTimeOffset at;
            if (kind < options.PayOnTimeShare)
            {
                at = bill.IssuedAt + TimeSpan.FromSeconds(Math.Max(1, Math.Floor((due - bill.IssuedAt).TotalSeconds * fraction)));
            }
            else if (kind < options.PayOnTimeShare + options.PayLateShare)
            {
                at = due + TimeSpan.FromSeconds(Math.Max(1, Math.Floor(options.LatePaymentMaxDelay.TotalSeconds * fraction)));
            }
            else
            {
                continue; // never pays within the run
            }

            _actions.Add(new WorldAction(at < now ? now : at, "pay", bill.Reference, null));
        }
    }

    /// <summary>The bank reports the owner's transfer of what the bill then asks (late fees included) to <c>payment.match</c>.</summary>
    private async Task PayAsync(string reference, DateTimeOffset now, CancellationToken ct)
    {
        decimal outstanding;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            var bill = await db.Bills.AsNoTracking().FirstAsync(b => b.Reference == reference, ct);
            outstanding = bill.Outstanding;
        }

        if (outstanding <= 0)
        {
            return;
        }

        await payments.ExecuteAsync(new ServiceTaskContext
        {
            InstanceId = Entity.StableId("simulation/bank/" + reference),
            ProcessKey = "bank-feed",
            ElementId = "match",
            Inputs = new Dictionary<string, object?>
            {
                ["community"] = options.CommunityCode,
                ["transactionId"] = "SIM-" + reference,
                ["amount"] = outstanding.ToString("0.00", CultureInfo.InvariantCulture),
                ["reference"] = reference,
            },
            Variables = new Dictionary<string, object?>(),
            Now = now,
        }, ct);
        Payments++;
    }

    /// <summary>Plans the answers of each newly opened survey: a share of the invited owners answer within its first 13 days.</summary>
    private async Task PlanSurveyAnswersAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var open = await db.Surveys.AsNoTracking().Where(s => s.State == SurveyState.Open).Select(s => s.Id).ToListAsync(ct);
        var fresh = open.Where(id => !_plannedSurveys.Contains(id)).ToList();
        if (fresh.Count == 0)
        {
            return;
        }

        foreach (var surveyId in fresh)
        {
            _plannedSurveys.Add(surveyId);
            var survey = await db.Surveys.AsNoTracking().Include(s => s.Invitations).FirstAsync(s => s.Id == surveyId, ct);
            var emails = await db.Owners.AsNoTracking().Select(o => new { o.Id, o.Email }).ToDictionaryAsync(o => o.Id, o => o.Email, ct);
            foreach (var invitation in survey.Invitations)
            {
                var who = survey.Period + "/" + emails.GetValueOrDefault(invitation.OwnerId, "");
                var (answers, when) = SeededDraw.Uniforms(options.Seed, "survey", who);
                if (answers < options.SurveyResponseShare)
                {
                    var at = now + TimeSpan.FromSeconds(Math.Max(1, Math.Floor(TimeSpan.FromDays(13).TotalSeconds * when)));
                    _actions.Add(new WorldAction(at, "answer", who, (surveyId, invitation.Id)));
                }
            }
        }
    }

    private async Task AnswerAsync(WorldAction action, DateTimeOffset now, CancellationToken ct)
    {
        var (surveyId, invitationId) = action.Survey!.Value;
        await using var db = await contexts.CreateDbContextAsync(ct);
        db.Actor = "owner";
        var survey = await db.Surveys.Include(s => s.Questions).Include(s => s.Invitations).FirstAsync(s => s.Id == surveyId, ct);
        if (survey.State != SurveyState.Open)
        {
            return; // closed before this owner got to it
        }

        var scores = survey.Questions.ToDictionary(q => q.Item, q => Score(action.Key, q.Item), StringComparer.Ordinal);
        survey.Answer(survey.Invitations.First(i => i.Id == invitationId), scores, null, now);
        await db.SaveChangesAsync(ct);
        SurveyAnswers++;
    }

    private int Score(string who, string item)
    {
        var weights = options.SurveyScoreWeights;
        var u = SeededDraw.Uniform(options.Seed, "score", who, item) * weights.Sum();
        for (var score = 1; score <= 5; score++)
        {
            u -= weights[score - 1];
            if (u < 0)
            {
                return score;
            }
        }

        return 5;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>Something the world does at <see cref="At"/>; ordered by time, kind and key so ties run the same way every time.</summary>
    private sealed record WorldAction(DateTimeOffset At, string Kind, string Key, (Guid SurveyId, Guid InvitationId)? Survey) : IComparable<WorldAction>
    {
        public int CompareTo(WorldAction? other)
        {
            if (other is null)
            {
                return 1;
            }

            var order = At.CompareTo(other.At);
            if (order == 0)
            {
                order = string.CompareOrdinal(Kind, other.Kind);
            }

            return order != 0 ? order : string.CompareOrdinal(Key, other.Key);
        }
    }
}
