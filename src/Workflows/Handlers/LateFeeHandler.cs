using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Workflows.Catalog;
using PropertyFlow.Workflows.Data;
using PropertyFlow.Workflows.Domain;

namespace PropertyFlow.Workflows.Handlers;

/// <summary>
/// <c>billing.accrue-late-fees</c>: sets the late fee of every unpaid bill of a community as of a day —
/// principal × daily rate × days after the grace period, never more than the principal. Each bill remembers the
/// day it was computed for, so a second run on the same day changes nothing.
/// </summary>
public sealed class LateFeeHandler(IDbContextFactory<PropertyDbContext> contexts, IOptions<EngineOptions> engine)
    : DomainHandler(contexts, engine)
{
    public const string TopicName = "billing.accrue-late-fees";

    public override ServiceTaskDescriptor Descriptor { get; } = new(
        TopicName,
        L.T("计算滞纳金", "Accrue late fees"),
        L.T("按合同日费率（默认万分之五）对超过宽限期的欠费计滞纳金，上限为本金；同一天重复运行不重复计。",
            "Late fee = principal × contract daily rate (default 0.05 %) × days after the grace period, capped at the principal; idempotent per day."),
        [
            L.Community,
            new("asOf", InputType.Date, L.T("计算日（默认今天）", "As of (default today)")),
            new("dailyRate", InputType.Decimal, L.T("日费率（默认按合同）", "Daily rate (default: the contract's)")),
            new("graceDays", InputType.Integer, L.T("宽限天数（默认按合同）", "Grace days (default: the contract's)")),
        ],
        [
            new("billCount", InputType.Integer, L.T("滞纳金有变化的账单数", "Bills whose late fee rose")),
            new("accruedTotal", InputType.String, L.T("本次新增滞纳金（元）", "Late fees added (yuan)")),
            new("overdueBillIds", InputType.Text, L.T("逾期账单编号（列表）", "Ids of overdue bills (list)")),
        ]);

    protected override async Task<IReadOnlyDictionary<string, object?>> WorkAsync(
        PropertyDbContext db, ServiceTaskInputs inputs, ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var community = await CommunityAsync(db, inputs.RequiredString("community"), cancellationToken);
        var asOf = inputs.Date("asOf") ?? Today(context.Now);
        var rate = inputs.Decimal("dailyRate");
        var grace = inputs.Integer("graceDays") is { } g ? (int)g : (int?)null;
        if (grace < 0 || rate < 0)
        {
            throw new DomainException("Late-fee rate and grace days cannot be negative.");
        }

        var unpaid = await db.Bills
            .Where(b => b.CommunityId == community.Id && (b.Status == BillStatus.Open || b.Status == BillStatus.PartiallyPaid) && b.DueDate < asOf)
            .ToListAsync(cancellationToken);
        var changed = 0;
        var total = 0m;
        var overdue = new List<string>();
        foreach (var bill in unpaid.OrderBy(b => b.Reference, StringComparer.Ordinal))
        {
            var added = bill.AccrueLateFee(asOf, rate, grace);
            if (added > 0)
            {
                changed++;
                total += added;
            }

            if (bill.LateFee > 0)
            {
                overdue.Add(bill.Id.ToString());
            }
        }

        return new Dictionary<string, object?>
        {
            ["billCount"] = changed,
            ["accruedTotal"] = Money(total),
            ["overdueBillIds"] = overdue,
        };
    }
}
