using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Workflows.Catalog;
using PropertyFlow.Workflows.Data;
using PropertyFlow.Workflows.Domain;

namespace PropertyFlow.Workflows.Handlers;

/// <summary>
/// <c>billing.bill-details</c>: reads one bill (unit, owner, amounts, due date, state) into the process, so a per-bill
/// process started with only a bill id can address the owner and fill its notices. Changes nothing.
/// </summary>
public sealed class BillDetailsHandler(IDbContextFactory<PropertyDbContext> contexts, IOptions<EngineOptions> engine)
    : DomainHandler(contexts, engine)
{
    public const string TopicName = "billing.bill-details";

    public override ServiceTaskDescriptor Descriptor { get; } = new(
        TopicName,
        L.T("读取账单", "Read bill"),
        L.T("读取账单的房号、业主、金额、到期日和状态，供通知使用；不做任何修改。",
            "Reads a bill's unit, owner, amounts, due date and state for the notices; changes nothing."),
        [new("billId", InputType.String, L.T("账单编号", "Bill id"), Required: true)],
        [
            new("billNo", InputType.String, L.T("账单号", "Bill number")),
            new("unit", InputType.String, L.T("房号", "Unit number")),
            new("period", InputType.String, L.T("账期", "Period")),
            new("ownerId", InputType.String, L.T("业主编号（无业主为空）", "Owner id (empty when the unit has none)")),
            new("amount", InputType.String, L.T("应缴金额（元）", "Amount (yuan)")),
            new("outstandingAmount", InputType.String, L.T("欠费金额（元，含滞纳金）", "Outstanding (yuan, late fee included)")),
            new("lateFee", InputType.String, L.T("滞纳金（元）", "Late fee (yuan)")),
            new("dueDate", InputType.Date, L.T("缴费截止日", "Due date")),
            new("billStatus", InputType.String, L.T("账单状态", "Bill state")),
            new("billPaid", InputType.Boolean, L.T("已结清", "Paid in full")),
        ]);

    protected override async Task<IReadOnlyDictionary<string, object?>> WorkAsync(
        PropertyDbContext db, ServiceTaskInputs inputs, ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var billId = Id(inputs, "billId");
        var bill = await db.Bills.AsNoTracking().FirstOrDefaultAsync(b => b.Id == billId, cancellationToken)
            ?? throw new DomainException($"There is no bill {billId}.");
        var unit = await db.Units.AsNoTracking().Where(u => u.Id == bill.UnitId).Select(u => u.Number).FirstAsync(cancellationToken);
        return new Dictionary<string, object?>
        {
            ["billNo"] = bill.Reference,
            ["unit"] = unit,
            ["period"] = bill.Period,
            ["ownerId"] = bill.OwnerId?.ToString(),
            ["amount"] = Money(bill.Principal),
            ["outstandingAmount"] = Money(bill.Outstanding),
            ["lateFee"] = Money(bill.LateFee),
            ["dueDate"] = bill.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["billStatus"] = bill.Status.ToString(),
            ["billPaid"] = bill.Status == BillStatus.Paid,
        };
    }
}
