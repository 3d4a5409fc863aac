using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PropertyFlow.Engine;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Workflows.Catalog;
using PropertyFlow.Workflows.Data;
using PropertyFlow.Workflows.Domain;

namespace PropertyFlow.Workflows.Handlers;

/// <summary>
/// <c>payment.match</c>: records a received payment (once per bank transaction id) and applies it to bills: first
/// the bill its reference names, then that unit's other unpaid bills, oldest month first. A partial payment leaves
/// a bill partly paid; money left over is kept as the unit's credit and reported.
/// Once the payment is committed, every bill it settled in full gets the message <see cref="PaymentReceivedMessage"/>
/// with the bill id as business key, which ends that bill's collection ladder (<c>finance-collection</c>). A retry of
/// the same transaction sends the messages again; a ladder that already ended simply does not receive them.
/// </summary>
/// <param name="contexts">The property tables.</param>
/// <param name="engine">The engine's settings (time zone).</param>
/// <param name="services">Where the <see cref="ProcessEngine"/> is found when the message is sent. The engine itself
/// takes every handler in its constructor, so a handler cannot take the engine in its own; a host without an engine
/// (handler tests) sends no message.</param>
public sealed class PaymentMatchHandler(IDbContextFactory<PropertyDbContext> contexts, IOptions<EngineOptions> engine, IServiceProvider services)
    : DomainHandler(contexts, engine)
{
    public const string TopicName = "payment.match";

    /// <summary>The message that ends a bill's collection ladder; its business key is the bill id.</summary>
    public const string PaymentReceivedMessage = "payment-received";

    public override ServiceTaskDescriptor Descriptor { get; } = new(
        TopicName,
        L.T("收款核销", "Match payment"),
        L.T("按附言（账单号）、房号和金额把收款核销到账单，支持部分缴费和多缴。", "Matches a payment to bills by reference, unit and amount; partial payments and over-payments are handled."),
        [
            L.Community,
            new("transactionId", InputType.String, L.T("交易流水号", "Transaction id"), Required: true),
            new("amount", InputType.Decimal, L.T("金额（元）", "Amount (yuan)"), Required: true),
            new("reference", InputType.String, L.T("附言／账单号", "Reference / bill reference")),
            new("unit", InputType.String, L.T("房号", "Unit number")),
            new("receivedAt", InputType.DateTime, L.T("到账时间（默认现在）", "Received at (default now)")),
        ],
        [
            new("paymentId", InputType.String, L.T("收款编号", "Payment id")),
            new("paymentStatus", InputType.Choice, L.T("核销结果", "Match result")),
            new("matchedBillIds", InputType.Text, L.T("核销到的账单（列表）", "Bills paid into (list)")),
            new("paidBillIds", InputType.Text, L.T("已结清的账单（列表）", "Bills now fully paid (list)")),
            new("unappliedAmount", InputType.String, L.T("未核销金额（元，多缴）", "Unapplied amount (yuan, over-payment)")),
        ]);

    protected override async Task<IReadOnlyDictionary<string, object?>> WorkAsync(
        PropertyDbContext db, ServiceTaskInputs inputs, ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var community = await CommunityAsync(db, inputs.RequiredString("community"), cancellationToken);
        var transactionId = inputs.RequiredString("transactionId");
        var amount = inputs.Decimal("amount")!.Value;
        var payment = await db.Payments.Include(p => p.Allocations).FirstOrDefaultAsync(p => p.TransactionId == transactionId, cancellationToken);
        if (payment is not null)
        {
            if (payment.Amount != Math.Round(amount, 2, MidpointRounding.AwayFromZero))
            {
                throw new DomainException($"Transaction {transactionId} was recorded with {Money(payment.Amount)}, not {Money(amount)}.");
            }

            return await ResultAsync(db, payment, cancellationToken); // matched before: a retry
        }

        var reference = inputs.String("reference")?.Trim();
        var named = reference is null ? null : await db.Bills.FirstOrDefaultAsync(b => b.CommunityId == community.Id && b.Reference == reference, cancellationToken);
        Guid? unitId = named?.UnitId;
        if (unitId is null && inputs.String("unit") is { } number)
        {
            unitId = (await db.Units.FirstOrDefaultAsync(u => u.CommunityId == community.Id && u.Number == number, cancellationToken))?.Id
                ?? throw new DomainException($"Community {community.Code} has no unit '{number}'.");
        }

        payment = new Payment(Guid.NewGuid(), community.Id, transactionId, amount, inputs.DateTime("receivedAt") ?? context.Now, reference, unitId);
        var bills = new List<Bill>();
        if (named is not null)
        {
            bills.Add(named);
        }

        if (unitId is { } unit)
        {
            var open = await db.Bills
                .Where(b => b.UnitId == unit && (b.Status == BillStatus.Open || b.Status == BillStatus.PartiallyPaid))
                .ToListAsync(cancellationToken);
            bills.AddRange(open.Where(b => b.Id != named?.Id).OrderBy(b => b.Period, StringComparer.Ordinal));
        }

        payment.MatchTo(bills, context.Now);
        db.Payments.Add(payment);
        return await ResultAsync(db, payment, cancellationToken);
    }

    /// <summary>Ends the collection ladder of each bill now fully paid (after the commit, so no ladder ends for a rolled-back payment).</summary>
    protected override async Task AfterCommitAsync(IReadOnlyDictionary<string, object?> result, ServiceTaskContext context, CancellationToken cancellationToken)
    {
        if (services.GetService(typeof(ProcessEngine)) is not ProcessEngine processes || result["paidBillIds"] is not IEnumerable<string> paid)
        {
            return;
        }

        foreach (var billId in paid)
        {
            try
            {
                await processes.CorrelateMessageAsync(new MessageCorrelation { MessageName = PaymentReceivedMessage, BusinessKey = billId }, cancellationToken);
            }
            catch (NotFoundException)
            {
                // No ladder waits for this bill (it ended already, or the bill was never sent through one): nothing to end.
            }
        }
    }

    private static async Task<IReadOnlyDictionary<string, object?>> ResultAsync(PropertyDbContext db, Payment payment, CancellationToken ct)
    {
        var billIds = payment.Allocations.Select(a => a.BillId).ToList();
        var bills = db.Bills.Local.Where(b => billIds.Contains(b.Id)).ToList();
        if (bills.Count < billIds.Count)
        {
            bills = await db.Bills.Where(b => billIds.Contains(b.Id)).ToListAsync(ct);
        }

        return new Dictionary<string, object?>
        {
            ["paymentId"] = payment.Id.ToString(),
            ["paymentStatus"] = payment.Status.ToString(),
            ["matchedBillIds"] = billIds.Select(id => id.ToString()).ToList(),
            ["paidBillIds"] = billIds.Where(id => bills.First(b => b.Id == id).Status == BillStatus.Paid).Select(id => id.ToString()).ToList(),
            ["unappliedAmount"] = Money(payment.Unapplied),
        };
    }
}
