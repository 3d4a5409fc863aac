using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PropertyFlow.Engine.Simulation;
using PropertyFlow.Workflows.Data;
using PropertyFlow.Workflows.Domain;
using PropertyFlow.Workflows.Notices.Outbox;

namespace PropertyFlow.Workflows.Simulation;

/// <summary>How often one kind of user task met its time limit: tasks created, and how many had their step-late timer fire.</summary>
/// <param name="Process">The process id.</param>
/// <param name="Step">The user task's element id.</param>
/// <param name="Tasks">Tasks the step made (history <c>elementStarted</c>).</param>
/// <param name="Late">Tasks whose step-late boundary timer fired (<c>{step}_handlerLate</c> or <c>{step}Late</c>, or the
/// inspection's <c>missed</c>).</param>
public sealed record StepTimeliness(string Process, string Step, int Tasks, int Late)
{
    /// <summary>Share of the step's tasks not late (still-open tasks whose limit has not passed count as on time); 1 without tasks.</summary>
    public decimal OnTimeRate => Tasks == 0 ? 1m : Math.Round((decimal)(Tasks - Late) / Tasks, 4, MidpointRounding.AwayFromZero);
}

/// <summary>
/// The key figures of a community simulation, read at the horizon from the domain tables, the notice outbox and the engine
/// report — never from the simulator's own counters, so they are what a manager would see in the product.
/// </summary>
public sealed record CommunityKpis
{
    public required int Units { get; init; }

    public required int ComplaintsFiled { get; init; }

    public required int ComplaintsClosed { get; init; }

    /// <summary>Reopens of all complaints (bad ratings and failed follow-ups).</summary>
    public required int Reopens { get; init; }

    /// <summary>Escalation rungs reached in the complaint process: [level 1 step late, level 2 supervisor, level 3 manager].</summary>
    public required IReadOnlyList<int> EscalationsPerLevel { get; init; }

    public required IReadOnlyList<StepTimeliness> Steps { get; init; }

    public required int RepairsFiled { get; init; }

    public required int RepairsCompleted { get; init; }

    /// <summary>Work orders completed by their due time (P1 24 h, P2 24 h…).</summary>
    public required int RepairsOnTime { get; init; }

    public required int BillsIssued { get; init; }

    /// <summary>Principal plus late fees of every bill issued.</summary>
    public required decimal AmountBilled { get; init; }

    public required decimal AmountCollected { get; init; }

    /// <summary><see cref="AmountCollected"/> / <see cref="AmountBilled"/>, four decimals; 0 without bills.</summary>
    public decimal CollectionRate => AmountBilled == 0 ? 0m : Math.Round(AmountCollected / AmountBilled, 4, MidpointRounding.AwayFromZero);

    public required int BillsPaid { get; init; }

    public required decimal LateFeesAccrued { get; init; }

    public required int SurveysClosed { get; init; }

    public required int SurveyResponses { get; init; }

    /// <summary>Mean satisfaction (%) of the closed surveys; null when none closed.</summary>
    public required decimal? Satisfaction { get; init; }

    public required int NoticesQueued { get; init; }

    public required IReadOnlyList<KeyValuePair<string, int>> NoticesByTemplate { get; init; }

    public required int InstancesStarted { get; init; }

    public required int InstancesCompleted { get; init; }

    public required int Incidents { get; init; }

    /// <summary>Reads the figures at the end of a run.</summary>
    internal static async Task<CommunityKpis> TallyAsync(
        SimulationReport report, int units, IDbContextFactory<PropertyDbContext> property, IDbContextFactory<NoticeDbContext> notices, CancellationToken ct)
    {
        await using var db = await property.CreateDbContextAsync(ct);
        var complaints = await db.Complaints.AsNoTracking().Select(c => new { c.State, c.ReopenCount }).ToListAsync(ct);
        var orders = await db.WorkOrders.AsNoTracking().Select(w => new { w.DueAt, w.CompletedAt }).ToListAsync(ct);
        var bills = await db.Bills.AsNoTracking().Select(b => new { b.Principal, b.LateFee, b.PaidAmount, b.Status }).ToListAsync(ct);
        var surveys = await db.Surveys.AsNoTracking().Where(s => s.State == SurveyState.Closed).Select(s => new { s.Satisfaction, s.ResponseCount }).ToListAsync(ct);
        await using var outbox = await notices.CreateDbContextAsync(ct);
        var templates = await outbox.Notices.AsNoTracking().Select(n => n.Template).ToListAsync(ct);

        var complaint = report.Processes.Where(p => p.Id == "complaint").SelectMany(p => p.Elements).ToList();
        int Entered(IEnumerable<SimulatedElement> elements, Func<string, bool> id) => elements.Where(e => id(e.Id)).Sum(e => e.Entered);
        var satisfaction = surveys.Where(s => s.Satisfaction is not null).Select(s => s.Satisfaction!.Value).ToList();
        return new CommunityKpis
        {
            Units = units,
            ComplaintsFiled = complaints.Count,
            ComplaintsClosed = complaints.Count(c => c.State == ComplaintState.Closed),
            Reopens = complaints.Sum(c => c.ReopenCount),
            EscalationsPerLevel =
            [
                Entered(complaint, id => id.EndsWith("_handlerLate", StringComparison.Ordinal)),
                Entered(complaint, id => id.EndsWith("_supervisorLate", StringComparison.Ordinal)),
                Entered(complaint, id => id.EndsWith("_managerLate", StringComparison.Ordinal)),
            ],
            Steps = Timeliness(report),
            RepairsFiled = orders.Count,
            RepairsCompleted = orders.Count(o => o.CompletedAt is not null),
            RepairsOnTime = orders.Count(o => o.CompletedAt is { } done && done <= o.DueAt),
            BillsIssued = bills.Count,
            AmountBilled = bills.Sum(b => b.Principal + b.LateFee),
            AmountCollected = bills.Sum(b => b.PaidAmount),
            BillsPaid = bills.Count(b => b.Status == BillStatus.Paid),
            LateFeesAccrued = bills.Sum(b => b.LateFee),
            SurveysClosed = surveys.Count,
            SurveyResponses = surveys.Sum(s => s.ResponseCount),
            Satisfaction = satisfaction.Count == 0 ? null : Math.Round(satisfaction.Average(), 1, MidpointRounding.AwayFromZero),
            NoticesQueued = templates.Count,
            NoticesByTemplate = [.. templates.GroupBy(t => t, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => KeyValuePair.Create(g.Key, g.Count()))],
            InstancesStarted = report.Processes.Sum(p => p.Started),
            InstancesCompleted = report.Processes.Sum(p => p.Completed),
            Incidents = report.Processes.Sum(p => p.Incidents),
        };
    }

    /// <summary>Every user task that has a step-late timer, with how often it fired.</summary>
    private static List<StepTimeliness> Timeliness(SimulationReport report)
    {
        var steps = new List<StepTimeliness>();
        foreach (var process in report.Processes.GroupBy(p => p.Id, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var elements = process.SelectMany(p => p.Elements).GroupBy(e => e.Id, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => (Kind: g.First().Kind, Entered: g.Sum(e => e.Entered)), StringComparer.Ordinal);
            foreach (var (id, task) in elements.Where(e => e.Value.Kind == "userTask").OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                string[] timers = [$"{id}_handlerLate", $"{id}Late", id == "round" ? "missed" : ""];
                var late = timers.Where(elements.ContainsKey).Select(t => elements[t].Entered).FirstOrDefault(-1);
                if (late >= 0)
                {
                    steps.Add(new StepTimeliness(process.Key, id, task.Entered, late));
                }
            }
        }

        return steps;
    }

    /// <summary>Writes the figures as the report's <c>"community"</c> object: keys in a fixed order, money as exact decimals.</summary>
    public void WriteJson(Utf8JsonWriter json)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteStartObject("community");
        json.WriteNumber("units", Units);
        json.WriteStartObject("complaints");
        json.WriteNumber("filed", ComplaintsFiled);
        json.WriteNumber("closed", ComplaintsClosed);
        json.WriteNumber("reopens", Reopens);
        json.WriteStartObject("escalationsPerLevel");
        for (var level = 0; level < EscalationsPerLevel.Count; level++)
        {
            json.WriteNumber((level + 1).ToString(CultureInfo.InvariantCulture), EscalationsPerLevel[level]);
        }

        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteStartArray("onTime");
        foreach (var step in Steps)
        {
            json.WriteStartObject();
            json.WriteString("process", step.Process);
            json.WriteString("step", step.Step);
            json.WriteNumber("tasks", step.Tasks);
            json.WriteNumber("late", step.Late);
            json.WriteNumber("rate", step.OnTimeRate);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartObject("repairs");
        json.WriteNumber("filed", RepairsFiled);
        json.WriteNumber("completed", RepairsCompleted);
        json.WriteNumber("onTime", RepairsOnTime);
        json.WriteEndObject();
        json.WriteStartObject("billing");
        json.WriteNumber("billsIssued", BillsIssued);
        json.WriteNumber("billsPaid", BillsPaid);
        json.WriteNumber("amountBilled", AmountBilled);
        json.WriteNumber("amountCollected", AmountCollected);
        json.WriteNumber("collectionRate", CollectionRate);
        json.WriteNumber("lateFeesAccrued", LateFeesAccrued);
        json.WriteEndObject();
        json.WriteStartObject("surveys");
        json.WriteNumber("closed", SurveysClosed);
        json.WriteNumber("responses", SurveyResponses);
        if (Satisfaction is { } satisfaction)
        {
            json.WriteNumber("satisfaction", satisfaction);
        }
        else
        {
            json.WriteNull("satisfaction");
        }

        json.WriteEndObject();
        json.WriteStartObject("notices");
        json.WriteNumber("queued", NoticesQueued);
        json.WriteStartObject("byTemplate");
        foreach (var (template, count) in NoticesByTemplate)
        {
            json.WriteNumber(template, count);
        }

        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteStartObject("instances");
        json.WriteNumber("started", InstancesStarted);
        json.WriteNumber("completed", InstancesCompleted);
        json.WriteNumber("incidents", Incidents);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>The figures for people, after the engine summary.</summary>
    public void WriteSummary(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"Community 小区: {Units} units"));
        output.WriteLine(string.Create(c, $"  complaints 投诉: {ComplaintsFiled} filed, {ComplaintsClosed} closed, {Reopens} reopens; escalations per level {string.Join(" / ", EscalationsPerLevel)}"));
        foreach (var step in Steps)
        {
            output.WriteLine(string.Create(c, $"  on time 按时 {step.Process}/{step.Step}: {step.OnTimeRate:P1} ({step.Tasks - step.Late} of {step.Tasks})"));
        }

        output.WriteLine(string.Create(c, $"  repairs 报修: {RepairsFiled} filed, {RepairsCompleted} completed, {RepairsOnTime} on time"));
        output.WriteLine(string.Create(c, $"  billing 收费: {BillsIssued} bills, {BillsPaid} paid; billed {AmountBilled:0.00}, collected {AmountCollected:0.00} ({CollectionRate:P1}); late fees {LateFeesAccrued:0.00}"));
        output.WriteLine(string.Create(c, $"  surveys 满意度: {SurveysClosed} closed, {SurveyResponses} responses, satisfaction {(Satisfaction is { } s ? s.ToString("0.0", c) + " %" : "n/a")}"));
        output.WriteLine(string.Create(c, $"  notices 通知: {NoticesQueued} queued"));
        output.WriteLine(string.Create(c, $"  instances 实例: {InstancesStarted} started, {InstancesCompleted} completed, {Incidents} incidents"));
    }
}
