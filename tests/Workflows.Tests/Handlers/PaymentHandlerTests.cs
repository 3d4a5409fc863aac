using Microsoft.EntityFrameworkCore;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Workflows.Domain;
using PropertyFlow.Workflows.Handlers;
using PropertyFlow.Workflows.Tests.Domain;

namespace PropertyFlow.Workflows.Tests.Handlers;

public class PaymentHandlerTests
{
    private static async Task<(TestDomain Domain, Bill October, Bill November)> TwoMonthsAsync()
    {
        var domain = await TestDomain.CreateAsync();
        await domain.SmallCommunityAsync(units: 2);
        foreach (var period in new[] { "2026-10", "2026-11" })
        {
            await domain.RunAsync(BillingGenerateHandler.TopicName, new() { ["community"] = "T", ["period"] = period });
        }

        await using var db = domain.Db();
        var unit = await db.Units.SingleAsync(u => u.Number == "1-1-01");
        var bills = await db.Bills.Where(b => b.UnitId == unit.Id).ToListAsync();
        return (domain, bills.Single(b => b.Period == "2026-10"), bills.Single(b => b.Period == "2026-11"));
    }

    private static Dictionary<string, object?> Pay(string tx, string amount, string? reference = null, string? unit = null) => new()
    {
        ["community"] = "T",
        ["transactionId"] = tx,
        ["amount"] = amount,
        ["reference"] = reference,
        ["unit"] = unit,
    };

    [Fact]
    public async Task Match_ByReference_ThenTheUnitsOlderBills_PartialLeftOpen()
    {
        var (domain, october, november) = await TwoMonthsAsync();
        await using var _ = domain;

        var result = await domain.RunAsync(PaymentMatchHandler.TopicName, Pay("TX1", "250", november.Reference));

        Assert.Equal("Matched", result["paymentStatus"]);
        Assert.Equal(new List<string> { november.Id.ToString(), october.Id.ToString() }, TestDomain.Strings(result["matchedBillIds"]));
        Assert.Equal(new List<string> { november.Id.ToString() }, TestDomain.Strings(result["paidBillIds"]));
        Assert.Equal("0.00", result["unappliedAmount"]);
        await using var db = domain.Db();
        var oct = await db.Bills.SingleAsync(b => b.Id == october.Id);
        Assert.Equal(BillStatus.PartiallyPaid, oct.Status);
        Assert.Equal(50m, oct.PaidAmount);
        Assert.Equal(BillStatus.Paid, (await db.Bills.SingleAsync(b => b.Id == november.Id)).Status);
    }

    [Fact]
    public async Task Match_OverPayment_PaysAllAndKeepsTheRestAsCredit()
    {
        var (domain, october, november) = await TwoMonthsAsync();
        await using var _ = domain;

        var result = await domain.RunAsync(PaymentMatchHandler.TopicName, Pay("TX2", "450.50", unit: "1-1-01"));

        Assert.Equal("Overpaid", result["paymentStatus"]);
        Assert.Equal(new List<string> { october.Id.ToString(), november.Id.ToString() }, TestDomain.Strings(result["paidBillIds"])); // oldest first
        Assert.Equal("50.50", result["unappliedAmount"]);
    }

    [Fact]
    public async Task Match_SameTransactionTwice_AppliesItOnce()
    {
        var (domain, october, _) = await TwoMonthsAsync();
        await using var __ = domain;

        var first = await domain.RunAsync(PaymentMatchHandler.TopicName, Pay("TX3", "120", october.Reference));
        var again = await domain.RunAsync(PaymentMatchHandler.TopicName, Pay("TX3", "120", october.Reference));
        var different = await Assert.ThrowsAsync<BpmnErrorException>(() => domain.RunAsync(PaymentMatchHandler.TopicName, Pay("TX3", "99", october.Reference)));

        Assert.Equal(first["paymentId"], again["paymentId"]);
        Assert.Equal(first["matchedBillIds"], again["matchedBillIds"]);
        Assert.Contains("120.00", different.Message, StringComparison.Ordinal);
        await using var db = domain.Db();
        Assert.Equal(120m, (await db.Bills.SingleAsync(b => b.Id == october.Id)).PaidAmount);
        Assert.Equal(1, await db.Payments.CountAsync());
    }

    [Fact]
    public async Task Match_NothingToMatch_IsKeptUnmatchedForFinance()
    {
        var (domain, _, _) = await TwoMonthsAsync();
        await using var __ = domain;

        var result = await domain.RunAsync(PaymentMatchHandler.TopicName, Pay("TX4", "80", "no such bill"));

        Assert.Equal("Unmatched", result["paymentStatus"]);
        Assert.Equal("80.00", result["unappliedAmount"]);
        await Assert.ThrowsAsync<BpmnErrorException>(() => domain.RunAsync(PaymentMatchHandler.TopicName, Pay("TX5", "80", unit: "9-9-99")));
    }

    [Fact]
    public async Task InvoiceAndStatement_FromPaymentsAndExpenses()
    {
        var (domain, october, november) = await TwoMonthsAsync();
        await using var _ = domain;
        await domain.RunAsync(PaymentMatchHandler.TopicName, Pay("TX6", "500", unit: "1-1-01")); // 400 to bills, 100 credit
        await using (var db = domain.Db())
        {
            var community = await db.Communities.SingleAsync();
            db.Expenses.AddRange(
                new Expense(Guid.NewGuid(), community.Id, new DateOnly(2026, 11, 3), "保洁 Cleaning", 120.50m, "外包保洁"),
                new Expense(Guid.NewGuid(), community.Id, new DateOnly(2026, 11, 20), "保洁 Cleaning", 79.50m, "外包保洁"),
                new Expense(Guid.NewGuid(), community.Id, new DateOnly(2026, 11, 21), "维修 Repairs", 60m, "水泵"),
                new Expense(Guid.NewGuid(), community.Id, new DateOnly(2026, 12, 1), "维修 Repairs", 999m, "next month"));
            await db.SaveChangesAsync();
        }

        var invoice = await domain.RunAsync(InvoiceIssueHandler.TopicName, new() { ["billId"] = october.Id.ToString() });
        var invoiceAgain = await domain.RunAsync(InvoiceIssueHandler.TopicName, new() { ["billId"] = october.Id.ToString() });
        var statement = await domain.RunAsync(StatementPublishHandler.TopicName, new() { ["community"] = "T", ["period"] = "2026-11" });
        var statementAgain = await domain.RunAsync(StatementPublishHandler.TopicName, new() { ["community"] = "T", ["period"] = "2026-11" });

        Assert.Equal("FP-" + october.Reference, invoice["invoiceNumber"]);
        Assert.Equal("200.00", invoice["invoiceAmount"]);
        Assert.Equal(invoice["invoiceId"], invoiceAgain["invoiceId"]);
        Assert.Equal("500.00", statement["income"]);
        Assert.Equal("260.00", statement["expense"]);
        Assert.Equal("240.00", statement["balance"]);
        Assert.Equal(statement["statementId"], statementAgain["statementId"]);
        await using var check = domain.Db();
        var published = await check.Statements.Include(s => s.Lines).SingleAsync();
        Assert.NotNull(published.PublishedAt);
        Assert.Equal(4, published.Lines.Count);
        Assert.Throws<DomainException>(() => published.AddLine(StatementLineKind.Expense, "late", 1m));
        var unpaid = await check.Bills.FirstAsync(b => b.Id != october.Id && b.Id != november.Id);
        var refused = await Assert.ThrowsAsync<BpmnErrorException>(() => domain.RunAsync(InvoiceIssueHandler.TopicName, new() { ["billId"] = unpaid.Id.ToString() }));
        Assert.Contains("no payment", refused.Message, StringComparison.Ordinal);
    }
}
