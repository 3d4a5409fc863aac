using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Workflows.Catalog;
using PropertyFlow.Workflows.Data;
using PropertyFlow.Workflows.Domain;

namespace PropertyFlow.Workflows.Handlers;

/// <summary>
/// <c>community.activate</c>: the go-live step of onboarding (前期介入). A community, its units and its fee rules are
/// in service as soon as they are recorded (the domain keeps no "not yet managed" state), so this step checks that the
/// community is ready to be managed — it has units, every unit has an owner to bill, and at least one fee rule is
/// active — and reports what goes live. A community that is not ready is refused with the reasons (BPMN error
/// <c>domain-rule</c>), which the onboarding process catches to ask for the missing data. Running it again is harmless.
/// </summary>
public sealed class CommunityActivateHandler(IDbContextFactory<PropertyDbContext> contexts, IOptions<EngineOptions> engine)
    : DomainHandler(contexts, engine)
{
    public const string TopicName = "community.activate";

    public override ServiceTaskDescriptor Descriptor { get; } = new(
        TopicName,
        L.T("启用小区", "Activate community"),
        L.T("检查小区已有房屋、业主和有效收费标准后正式启用，并报告启用的房屋和收费标准数。",
            "Puts a community into service after checking it has units, owners and an active fee rule; reports what went live."),
        [L.Community],
        [
            new("communityId", InputType.String, L.T("小区编号", "Community id")),
            new("unitCount", InputType.Integer, L.T("房屋数", "Units")),
            new("feeRuleCount", InputType.Integer, L.T("有效收费标准数", "Active fee rules")),
        ]);

    protected override async Task<IReadOnlyDictionary<string, object?>> WorkAsync(
        PropertyDbContext db, ServiceTaskInputs inputs, ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var community = await CommunityAsync(db, inputs.RequiredString("community"), cancellationToken);
        var units = await db.Units.CountAsync(u => u.CommunityId == community.Id, cancellationToken);
        var withoutOwner = await db.Units.CountAsync(u => u.CommunityId == community.Id && u.OwnerId == null, cancellationToken);
        var fees = await db.FeeRules.CountAsync(f => f.CommunityId == community.Id && f.Active, cancellationToken);
        var missing = new List<string>();
        if (units == 0)
        {
            missing.Add("no units 没有房屋");
        }

        if (withoutOwner > 0)
        {
            missing.Add($"{withoutOwner} units without an owner {withoutOwner} 户未登记业主");
        }

        if (fees == 0)
        {
            missing.Add("no active fee rule 没有有效的收费标准");
        }

        if (missing.Count > 0)
        {
            throw new DomainException($"Community {community.Code} is not ready 小区资料不全: {string.Join("; ", missing)}.");
        }

        return new Dictionary<string, object?>
        {
            ["communityId"] = community.Id.ToString(),
            ["unitCount"] = units,
            ["feeRuleCount"] = fees,
        };
    }
}
