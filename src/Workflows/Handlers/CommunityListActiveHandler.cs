using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Workflows.Catalog;
using PropertyFlow.Workflows.Data;

namespace PropertyFlow.Workflows.Handlers;

/// <summary>
/// <c>community.list-active</c>: the codes of the communities in service, for the scheduled processes to fan out one
/// instance per community. A community is in service when it has at least one unit and at least one active fee rule —
/// the part of the go-live check (<see cref="CommunityActivateHandler"/>) that the domain keeps true afterwards: a
/// community whose contract ended has its fee rules made inactive and so drops out of every schedule. Codes in
/// ordinal order, so a run lists them the same way each time.
/// </summary>
public sealed class CommunityListActiveHandler(IDbContextFactory<PropertyDbContext> contexts, IOptions<EngineOptions> engine)
    : DomainHandler(contexts, engine)
{
    public const string TopicName = "community.list-active";

    public override ServiceTaskDescriptor Descriptor { get; } = new(
        TopicName,
        L.T("列出在管小区", "List active communities"),
        L.T("列出有房屋且有有效收费标准的小区代码，定时流程据此为每个小区各启动一个实例。",
            "Lists the codes of the communities with units and an active fee rule; scheduled processes start one instance per community from it."),
        [],
        [
            new("communities", InputType.Text, L.T("在管小区代码（列表）", "Codes of the active communities (list)")),
            new("communityCount", InputType.Integer, L.T("在管小区数", "Active communities")),
        ]);

    protected override async Task<IReadOnlyDictionary<string, object?>> WorkAsync(
        PropertyDbContext db, ServiceTaskInputs inputs, ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var codes = await db.Communities.AsNoTracking()
            .Where(c => db.Units.Any(u => u.CommunityId == c.Id) && db.FeeRules.Any(f => f.CommunityId == c.Id && f.Active))
            .Select(c => c.Code)
            .ToListAsync(cancellationToken);
        var ordered = codes.Order(StringComparer.Ordinal).Select(code => (object?)code).ToList();
        return new Dictionary<string, object?>
        {
            ["communities"] = ordered,
            ["communityCount"] = ordered.Count,
        };
    }
}
