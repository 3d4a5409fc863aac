using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Workflows.Catalog;
using PropertyFlow.Workflows.Data;
using PropertyFlow.Workflows.Domain;

namespace PropertyFlow.Workflows.Handlers;

/// <summary><c>invoice.issue</c>: issues the invoice for what was paid on a bill; one per bill, so a retry returns it.</summary>
public sealed class InvoiceIssueHandler(IDbContextFactory<PropertyDbContext> contexts, IOptions<EngineOptions> engine)
    : DomainHandler(contexts, engine)
{
    public const string TopicName = "invoice.issue";

    public override ServiceTaskDescriptor Descriptor { get; } = new(
        TopicName,
        L.T("开具发票", "Issue invoice"),
        L.T("为已缴费的账单开具发票，每张账单一张。", "Issues the invoice for what was paid on a bill, one per bill."),
        [
            new("billId", InputType.String, L.T("账单编号", "Bill id"), Required: true),
            new("title", InputType.String, L.T("发票抬头（默认业主姓名）", "Invoice title (default: the owner's name)")),
        ],
        [
            new("invoiceId", InputType.String, L.T("发票编号", "Invoice id")),
            new("invoiceNumber", InputType.String, L.T("发票号", "Invoice number")),
            new("invoiceAmount", InputType.String, L.T("发票金额（元）", "Invoice amount (yuan)")),
        ]);

    protected override async Task<IReadOnlyDictionary<string, object?>> WorkAsync(
        PropertyDbContext db, ServiceTaskInputs inputs, ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var billId = Id(inputs, "billId");
        var invoice = await db.Invoices.FirstOrDefaultAsync(i => i.BillId == billId, cancellationToken);
        if (invoice is null)
        {
            var bill = await db.Bills.FirstOrDefaultAsync(b => b.Id == billId, cancellationToken)
                ?? throw new DomainException($"There is no bill {billId}.");
            var title = inputs.String("title");
            if (title is null && bill.OwnerId is { } ownerId)
            {
                title = await db.Owners.Where(o => o.Id == ownerId).Select(o => o.Name).FirstOrDefaultAsync(cancellationToken);
            }

            invoice = new Invoice(Guid.NewGuid(), bill, title ?? bill.Reference, context.Now);
            db.Invoices.Add(invoice);
        }

        return new Dictionary<string, object?>
        {
            ["invoiceId"] = invoice.Id.ToString(),
            ["invoiceNumber"] = invoice.Number,
            ["invoiceAmount"] = Money(invoice.Amount),
        };
    }
}
