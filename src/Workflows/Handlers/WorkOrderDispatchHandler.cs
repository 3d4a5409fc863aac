using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Workflows.Catalog;
using PropertyFlow.Workflows.Data;
using PropertyFlow.Workflows.Domain;

namespace PropertyFlow.Workflows.Handlers;

/// <summary>
/// <c>workorder.dispatch</c>: fair dispatch of a repair work order — to the on-duty staff member with the needed skill
/// who holds the fewest open orders (ties: user name order). The reason is written on the order and returned.
/// Without <c>workOrderId</c> the order is created first (once per process task). Nobody available raises the BPMN
/// error <see cref="NoStaffErrorCode"/>.
/// </summary>
public sealed class WorkOrderDispatchHandler(IDbContextFactory<PropertyDbContext> contexts, IOptions<EngineOptions> engine)
    : DomainHandler(contexts, engine)
{
    public const string TopicName = "workorder.dispatch";

    /// <summary>The BPMN error raised when nobody on duty has the skill.</summary>
    public const string NoStaffErrorCode = "no-staff-available";

    public override ServiceTaskDescriptor Descriptor { get; } = new(
        TopicName,
        L.T("派发工单", "Dispatch work order"),
        L.T("派给当班、具备技能且手头工单最少的维修人员，并记录理由。", "Gives the order to the least-loaded on-duty staff member with the skill, and records why."),
        [
            new("workOrderId", InputType.String, L.T("工单编号（空则新建）", "Work order id (empty: create one)")),
            new("community", InputType.String, L.T("小区（新建时）", "Community (when creating)")),
            new("title", InputType.String, L.T("工单标题（新建时）", "Title (when creating)")),
            new("skill", InputType.String, L.T("所需技能（新建时）", "Skill needed (when creating)")),
            new("unit", InputType.String, L.T("房号", "Unit number")),
            new("complaintId", InputType.String, L.T("关联投诉编号", "Related complaint id")),
            new("dueIn", InputType.Duration, L.T("完成时限", "Time to complete"), Default: "PT24H"),
        ],
        [
            new("workOrderId", InputType.String, L.T("工单编号", "Work order id")),
            new("assignee", InputType.String, L.T("维修人员", "Assignee")),
            new("dispatchReason", InputType.String, L.T("派单理由", "Why this assignee")),
            new("dueAt", InputType.DateTime, L.T("完成期限", "Due at")),
        ]);

    protected override async Task<IReadOnlyDictionary<string, object?>> WorkAsync(
        PropertyDbContext db, ServiceTaskInputs inputs, ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var order = await OrderAsync(db, inputs, context, cancellationToken);
        if (order.State == WorkOrderState.Open)
        {
            var staff = (await db.Staff.Where(s => s.OnDuty).ToListAsync(cancellationToken)).Where(s => s.HasSkill(order.Skill)).ToList();
            var load = await db.WorkOrders
                .Where(w => (w.State == WorkOrderState.Assigned || w.State == WorkOrderState.InProgress) && w.AssigneeId != null)
                .GroupBy(w => w.AssigneeId!.Value)
                .Select(g => new { g.Key, Count = g.Count() })
                .ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
            var choice = FairDispatch.Choose(staff, s => load.GetValueOrDefault(s.Id), $"skill '{order.Skill}'", "open work orders")
                ?? throw new BpmnErrorException(NoStaffErrorCode, $"Nobody on duty has the skill '{order.Skill}' for work order '{order.Title}'.");
            order.Dispatch(choice.Staff, choice.Reason, context.Now);
        }

        return new Dictionary<string, object?>
        {
            ["workOrderId"] = order.Id.ToString(),
            ["assignee"] = order.Assignee,
            ["dispatchReason"] = order.DispatchReason,
            ["dueAt"] = order.DueAt,
        };
    }

    private static async Task<WorkOrder> OrderAsync(PropertyDbContext db, ServiceTaskInputs inputs, ServiceTaskContext context, CancellationToken ct)
    {
        if (inputs.String("workOrderId") is not null)
        {
            var id = Id(inputs, "workOrderId");
            return await db.WorkOrders.FirstOrDefaultAsync(w => w.Id == id, ct) ?? throw new DomainException($"There is no work order {id}.");
        }

        var key = RunKey(context);
        var order = await db.WorkOrders.FirstOrDefaultAsync(w => w.SourceKey == key, ct);
        if (order is not null)
        {
            return order;
        }

        var community = await CommunityAsync(db, inputs.String("community") ?? throw new DomainException("A new work order needs 'community'."), ct);
        Guid? unitId = null;
        if (inputs.String("unit") is { } number)
        {
            unitId = (await db.Units.FirstOrDefaultAsync(u => u.CommunityId == community.Id && u.Number == number, ct))?.Id
                ?? throw new DomainException($"Community {community.Code} has no unit '{number}'.");
        }

        Guid? complaintId = inputs.String("complaintId") is null ? null : Id(inputs, "complaintId");
        order = new WorkOrder(Guid.NewGuid(), community.Id, unitId, complaintId,
            inputs.String("title") ?? throw new DomainException("A new work order needs 'title'."),
            inputs.String("skill") ?? throw new DomainException("A new work order needs 'skill'."),
            context.Now, context.Now + inputs.Duration("dueIn")!.Value, key);
        db.WorkOrders.Add(order);
        return order;
    }
}
