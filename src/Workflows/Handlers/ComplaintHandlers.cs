using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Workflows.Catalog;
using PropertyFlow.Workflows.Data;
using PropertyFlow.Workflows.Domain;

namespace PropertyFlow.Workflows.Handlers;

/// <summary>Complaint categories and the role (candidate group) that handles each.</summary>
public static class ComplaintCategories
{
    /// <summary>Category → role id. Anything else goes to customer service.</summary>
    public static IReadOnlyDictionary<string, string> Routes { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["repair"] = Roles.Maintenance,
        ["billing"] = Roles.Finance,
        ["service"] = Roles.CustomerService,
        ["security"] = Roles.Supervisor,
        ["environment"] = Roles.CustomerService,
        ["noise"] = Roles.CustomerService,
        ["other"] = Roles.CustomerService,
    };

    public static IReadOnlyList<string> All { get; } = [.. Routes.Keys];

    public static string GroupFor(string category) => Routes.GetValueOrDefault(category, Roles.CustomerService);
}

/// <summary>Shared lookup of the complaint named by the <c>complaintId</c> input.</summary>
public abstract class ComplaintHandler(IDbContextFactory<PropertyDbContext> contexts, IOptions<EngineOptions> engine)
    : DomainHandler(contexts, engine)
{
    protected static ServiceTaskInput ComplaintId { get; } = new("complaintId", InputType.String, L.T("投诉编号", "Complaint id"), Required: true);

    protected static async Task<Complaint> ComplaintAsync(PropertyDbContext db, ServiceTaskInputs inputs, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var id = Id(inputs, "complaintId");
        return await db.Complaints.FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw new DomainException($"There is no complaint {id}.");
    }

    protected static Dictionary<string, object?> State(Complaint complaint) => new()
    {
        ["complaintId"] = complaint.Id.ToString(),
        ["complaintState"] = complaint.State.ToString(),
        ["severity"] = complaint.Severity.ToString().ToLowerInvariant(),
        ["reopenCount"] = complaint.ReopenCount,
    };

    protected static IReadOnlyList<ServiceTaskOutput> StateOutputs { get; } =
    [
        new("complaintId", InputType.String, L.T("投诉编号", "Complaint id")),
        new("complaintState", InputType.String, L.T("投诉状态", "Complaint state")),
        new("severity", InputType.String, L.T("严重程度", "Severity")),
        new("reopenCount", InputType.Integer, L.T("重开次数", "Times reopened")),
    ];
}

/// <summary><c>complaint.record</c>: takes a complaint down (信息收集). One per process instance: a retry finds it.</summary>
public sealed class ComplaintRecordHandler(IDbContextFactory<PropertyDbContext> contexts, IOptions<EngineOptions> engine)
    : ComplaintHandler(contexts, engine)
{
    public const string TopicName = "complaint.record";

    public override ServiceTaskDescriptor Descriptor { get; } = new(
        TopicName,
        L.T("登记投诉", "Record complaint"),
        L.T("信息收集：登记业主投诉。", "Records an owner's complaint."),
        [
            L.Community,
            new("category", InputType.Choice, L.T("类别", "Category"), Required: true, Choices: ComplaintCategories.All),
            new("description", InputType.Text, L.T("投诉内容", "Description"), Required: true),
            new("unit", InputType.String, L.T("房号", "Unit number")),
            new("severity", InputType.Choice, L.T("严重程度", "Severity"), Default: "normal", Choices: ["low", "normal", "high", "critical"]),
        ],
        StateOutputs);

    protected override async Task<IReadOnlyDictionary<string, object?>> WorkAsync(
        PropertyDbContext db, ServiceTaskInputs inputs, ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var key = RunKey(context);
        var complaint = await db.Complaints.FirstOrDefaultAsync(c => c.SourceKey == key, cancellationToken);
        if (complaint is null)
        {
            var community = await CommunityAsync(db, inputs.RequiredString("community"), cancellationToken);
            Unit? unit = null;
            if (inputs.String("unit") is { } number)
            {
                unit = await db.Units.FirstOrDefaultAsync(u => u.CommunityId == community.Id && u.Number == number, cancellationToken)
                    ?? throw new DomainException($"Community {community.Code} has no unit '{number}'.");
            }

            var severity = Enum.Parse<Severity>(inputs.RequiredString("severity"), ignoreCase: true);
            complaint = new Complaint(Guid.NewGuid(), community.Id, unit?.Id, unit?.OwnerId, inputs.RequiredString("category"),
                inputs.RequiredString("description"), severity, context.Now, key);
            db.Complaints.Add(complaint);
        }

        return State(complaint);
    }
}

/// <summary>
/// <c>complaint.assign</c>: routes a complaint by category to a role (candidate group) and to the least-loaded
/// on-duty member of it (fewest open complaints). An assigned complaint keeps its assignee.
/// </summary>
public sealed class ComplaintAssignHandler(IDbContextFactory<PropertyDbContext> contexts, IOptions<EngineOptions> engine)
    : ComplaintHandler(contexts, engine)
{
    public const string TopicName = "complaint.assign";

    public override ServiceTaskDescriptor Descriptor { get; } = new(
        TopicName,
        L.T("分派投诉", "Assign complaint"),
        L.T("按类别分派到岗位组，并选出当班、手头投诉最少的人员。", "Routes a complaint by category to a group and picks the least-loaded on-duty member."),
        [ComplaintId],
        [
            new("assigneeGroup", InputType.String, L.T("处理岗位组", "Handling group")),
            new("assignee", InputType.String, L.T("处理人（无人当班时为空）", "Assignee (empty when nobody is on duty)")),
            new("assignReason", InputType.String, L.T("分派理由", "Why this assignee")),
        ]);

    protected override async Task<IReadOnlyDictionary<string, object?>> WorkAsync(
        PropertyDbContext db, ServiceTaskInputs inputs, ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var complaint = await ComplaintAsync(db, inputs, cancellationToken);
        var group = ComplaintCategories.GroupFor(complaint.Category);
        string reason;
        if (complaint.AssignedGroup == group && complaint.Assignee is not null)
        {
            reason = $"already assigned to {complaint.Assignee}";
        }
        else
        {
            var staff = await db.Staff.Where(s => s.Role == group && s.OnDuty).ToListAsync(cancellationToken);
            var open = await db.Complaints
                .Where(c => c.State != ComplaintState.Closed && c.Assignee != null && c.Id != complaint.Id)
                .GroupBy(c => c.Assignee!)
                .Select(g => new { g.Key, Count = g.Count() })
                .ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
            var choice = FairDispatch.Choose(staff, s => open.GetValueOrDefault(s.UserName), $"role '{group}'", "open complaints");
            complaint.Assign(group, choice?.Staff.UserName);
            reason = choice?.Reason ?? $"category '{complaint.Category}' goes to '{group}'; nobody of it is on duty, so the whole group is asked.";
        }

        return new Dictionary<string, object?>
        {
            ["assigneeGroup"] = complaint.AssignedGroup,
            ["assignee"] = complaint.Assignee,
            ["assignReason"] = reason,
        };
    }
}

/// <summary><c>complaint.advance</c>: moves a complaint to calming, resolving or following-up (with the resolution).</summary>
public sealed class ComplaintAdvanceHandler(IDbContextFactory<PropertyDbContext> contexts, IOptions<EngineOptions> engine)
    : ComplaintHandler(contexts, engine)
{
    public const string TopicName = "complaint.advance";

    public override ServiceTaskDescriptor Descriptor { get; } = new(
        TopicName,
        L.T("推进投诉", "Advance complaint"),
        L.T("把投诉推进到情绪安抚、问题解决或后续跟进。", "Moves a complaint on to calming, resolving or following up."),
        [
            ComplaintId,
            new("to", InputType.Choice, L.T("推进到", "Move to"), Required: true, Choices: ["calming", "resolving", "following-up"]),
            new("resolution", InputType.Text, L.T("处理结果（推进到跟进时必填）", "Resolution (needed for following-up)")),
        ],
        StateOutputs);

    protected override async Task<IReadOnlyDictionary<string, object?>> WorkAsync(
        PropertyDbContext db, ServiceTaskInputs inputs, ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var complaint = await ComplaintAsync(db, inputs, cancellationToken);
        var target = inputs.RequiredString("to") switch
        {
            "calming" => ComplaintState.Calming,
            "resolving" => ComplaintState.Resolving,
            _ => ComplaintState.FollowingUp,
        };
        if (complaint.State != target) // already there: a retry
        {
            switch (target)
            {
                case ComplaintState.Calming:
                    complaint.StartCalming(context.Now);
                    break;
                case ComplaintState.Resolving:
                    complaint.StartResolving(context.Now);
                    break;
                default:
                    complaint.Resolve(inputs.String("resolution") ?? throw new DomainException("Following up needs the resolution."), context.Now);
                    break;
            }
        }

        return State(complaint);
    }
}

/// <summary>
/// <c>complaint.reopen</c>: the owner is not satisfied — back to resolving, one severity level up, counted.
/// A complaint already back in resolving after a reopen is left as it is (a retry of this step).
/// </summary>
public sealed class ComplaintReopenHandler(IDbContextFactory<PropertyDbContext> contexts, IOptions<EngineOptions> engine)
    : ComplaintHandler(contexts, engine)
{
    public const string TopicName = "complaint.reopen";

    public override ServiceTaskDescriptor Descriptor { get; } = new(
        TopicName,
        L.T("重开投诉", "Reopen complaint"),
        L.T("业主不满意：重新处理，严重程度升一级并计数。", "The owner is not satisfied: back to resolving, severity one level up, counted."),
        [ComplaintId, new("reason", InputType.Text, L.T("重开原因", "Why reopened"), Default: "业主不满意 owner not satisfied")],
        StateOutputs);

    protected override async Task<IReadOnlyDictionary<string, object?>> WorkAsync(
        PropertyDbContext db, ServiceTaskInputs inputs, ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var complaint = await ComplaintAsync(db, inputs, cancellationToken);
        if (!(complaint.State == ComplaintState.Resolving && complaint.ReopenCount > 0 && complaint.ResolvedAt is null && complaint.FollowedUpAt is not null))
        {
            complaint.Reopen(inputs.RequiredString("reason"), context.Now);
        }

        return State(complaint);
    }
}

/// <summary><c>complaint.close</c>: closes a followed-up complaint with the owner's verdict. Closing a closed one is a retry.</summary>
public sealed class ComplaintCloseHandler(IDbContextFactory<PropertyDbContext> contexts, IOptions<EngineOptions> engine)
    : ComplaintHandler(contexts, engine)
{
    public const string TopicName = "complaint.close";

    public override ServiceTaskDescriptor Descriptor { get; } = new(
        TopicName,
        L.T("投诉结案", "Close complaint"),
        L.T("后续跟进后结案，记录业主是否满意。", "Closes a complaint after follow-up, recording whether the owner was satisfied."),
        [ComplaintId, new("satisfied", InputType.Boolean, L.T("业主满意", "Owner satisfied"), Default: "true")],
        StateOutputs);

    protected override async Task<IReadOnlyDictionary<string, object?>> WorkAsync(
        PropertyDbContext db, ServiceTaskInputs inputs, ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var complaint = await ComplaintAsync(db, inputs, cancellationToken);
        if (complaint.State != ComplaintState.Closed)
        {
            complaint.Close(inputs.Boolean("satisfied") ?? true, context.Now);
        }

        return State(complaint);
    }
}
