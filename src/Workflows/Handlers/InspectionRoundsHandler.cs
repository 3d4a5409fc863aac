using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Workflows.Catalog;
using PropertyFlow.Workflows.Data;
using PropertyFlow.Workflows.Domain;

namespace PropertyFlow.Workflows.Handlers;

/// <summary>
/// <c>inspection.generate-rounds</c>: one round for each active inspection plan due on a day, each given to the
/// on-duty staff member with the plan's skill who has the fewest rounds that day. A plan already having its round
/// that day is skipped (one per plan and day).
/// </summary>
public sealed class InspectionRoundsHandler(IDbContextFactory<PropertyDbContext> contexts, IOptions<EngineOptions> engine)
    : DomainHandler(contexts, engine)
{
    public const string TopicName = "inspection.generate-rounds";

    public override ServiceTaskDescriptor Descriptor { get; } = new(
        TopicName,
        L.T("生成巡检任务", "Generate inspection rounds"),
        L.T("按巡检计划生成当天的巡检任务并分派。", "Makes the day's inspection rounds from the plans and assigns them."),
        [L.Community, new("day", InputType.Date, L.T("日期（默认今天）", "Day (default today)"))],
        [
            new("roundCount", InputType.Integer, L.T("本次生成数", "Rounds made by this run")),
            new("roundIds", InputType.Text, L.T("巡检任务编号（列表）", "Round ids (list)")),
            new("unassignedCount", InputType.Integer, L.T("无人可派的任务数", "Rounds nobody could take")),
        ]);

    protected override async Task<IReadOnlyDictionary<string, object?>> WorkAsync(
        PropertyDbContext db, ServiceTaskInputs inputs, ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var community = await CommunityAsync(db, inputs.RequiredString("community"), cancellationToken);
        var day = inputs.Date("day") ?? Today(context.Now);
        var batch = RunKey(context);
        var plans = (await db.InspectionPlans.Where(p => p.CommunityId == community.Id && p.Active).ToListAsync(cancellationToken))
            .Where(p => p.IsDueOn(day)).OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
        var existing = await db.InspectionRounds.Where(r => r.CommunityId == community.Id && r.Day == day).ToListAsync(cancellationToken);
        var staff = await db.Staff.Where(s => s.OnDuty).ToListAsync(cancellationToken);
        var load = existing.Where(r => r.InspectorId != null).GroupBy(r => r.InspectorId!.Value).ToDictionary(g => g.Key, g => g.Count());
        var mine = existing.Where(r => r.BatchKey == batch).ToList();
        var unassigned = mine.Count(r => r.InspectorId is null);
        foreach (var plan in plans.Where(p => existing.All(r => r.PlanId != p.Id)))
        {
            var choice = FairDispatch.Choose(staff.Where(s => s.HasSkill(plan.Skill)), s => load.GetValueOrDefault(s.Id), $"skill '{plan.Skill}'", "rounds that day");
            var round = new InspectionRound(Guid.NewGuid(), plan, day, choice?.Staff, batch);
            if (choice is not null)
            {
                load[choice.Staff.Id] = choice.Load + 1;
            }
            else
            {
                unassigned++;
            }

            db.InspectionRounds.Add(round);
            mine.Add(round);
        }

        return new Dictionary<string, object?>
        {
            ["roundCount"] = mine.Count,
            ["roundIds"] = mine.Select(r => r.Id.ToString()).Order(StringComparer.Ordinal).ToList(),
            ["unassignedCount"] = unassigned,
        };
    }
}
