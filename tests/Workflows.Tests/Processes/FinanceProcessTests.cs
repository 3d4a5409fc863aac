using Microsoft.EntityFrameworkCore;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Workflows.Domain;

namespace PropertyFlow.Workflows.Tests.Processes;

/// <summary>
/// workflows/finance-billing.bpmn, finance-collection.bpmn and finance-late-fees.bpmn (财务管理) on the real engine,
/// domain and notices. Bills of 2026-11 are due on the 15th (the fee rule's due day) with 15 grace days.
/// </summary>
public class FinanceProcessTests
{
    /// <summary>Monday 2026-11-02 09:00 in Shanghai.</summary>
    private static readonly DateTimeOffset Monday9 = new(2026, 11, 2, 1, 0, 0, TimeSpan.Zero);

    private static readonly string[] Files = ["finance-billing.bpmn", "finance-billing-batch.bpmn", "finance-collection.bpmn", "finance-late-fees.bpmn"];

    private static DateTimeOffset Shanghai(int year, int month, int day, int hour) => new(year, month, day, hour, 0, 0, TimeSpan.FromHours(8));

    private static StartOptions Billing(string period) => new() { Variables = new Dictionary<string, object?> { ["community"] = "T", ["period"] = period } };

    private static async Task<List<ProcessInstanceInfoLike>> CollectionsAsync(ProcessHost host, InstanceStatus status) =>
        [.. (await host.Engine.QueryInstancesAsync(new InstanceQuery { ProcessKey = "finance-collection", Status = status, Take = 10_000 }))
            .Select(i => new ProcessInstanceInfoLike(i.Id, i.BusinessKey))];

    [Fact]
    public async Task BillingTwiceForOneMonth_BillsEachUnitOnce_OneCollectionAndOneBillNoticePerBill()
    {
        await using var host = await ProcessHost.CreateAsync(Monday9, Files);
        await host.SeedCommunityAsync();

        await host.Engine.StartAsync("finance-billing", Billing("2026-11"));
        await host.Engine.RunDueWorkAsync(); // the collections start in background jobs: a batch instance per job, a collection per job
        var second = await host.Engine.StartAsync("finance-billing", Billing("2026-11"));
        await host.Engine.RunDueWorkAsync(); // the collections start in background jobs: a batch instance per job, a collection per job

        await using var db = host.Db();
        var bills = await db.Bills.ToListAsync();
        Assert.Equal(3, bills.Count);
        Assert.Equal(3, bills.Select(b => b.UnitId).Distinct().Count());
        var collections = await CollectionsAsync(host, InstanceStatus.Active);
        Assert.Equal(bills.Select(b => b.Id.ToString()).Order(), collections.Select(c => c.BusinessKey!).Order());
        var again = await host.Engine.GetInstanceAsync(second.Id);
        Assert.Equal(InstanceStatus.Completed, again.Status);
        Assert.Equal(0L, again.Variables["billCount"]);

        var mails = await host.DeliverAsync();
        Assert.Equal(["o1@example.org", "o2@example.org", "o3@example.org"], mails.Select(m => m.To).Order());
        Assert.All(mails, m => Assert.StartsWith("2026-11 物业费账单（1-1-0", m.Subject, StringComparison.Ordinal));
    }

    /// <summary>
    /// Billing a large community is many small triggers, not one huge one. Before, the run started every collection in
    /// the billing trigger itself (about a dozen steps each), so a community of 10,000 units passed the engine's step limit
    /// (10,000 per trigger): the trigger stopped, the collections already created never moved, the rest were never started
    /// and no bill notice was queued (this test fails on the old definition with a step-limit incident at <c>collect</c>).
    /// Here the limit is 200 steps and the community has 250 units: the bills go in batches of 100 to finance-billing-batch
    /// instances, each started in its own job, each collection in its own job, and every bill gets its collection and notice.
    /// </summary>
    [Fact]
    public async Task BillingMoreBillsThanTheStepLimit_StartsEveryCollection_InBatchesAndJobs_AndQueuesEveryBillNotice()
    {
        await using var host = await ProcessHost.CreateAsync(Monday9, o => o.MaxStepsPerTrigger = 200, Files);
        await host.SeedCommunityAsync(units: 250);

        var run = await host.Engine.StartAsync("finance-billing", new StartOptions
        {
            Variables = new Dictionary<string, object?> { ["community"] = "T", ["period"] = "2026-11", ["batchSize"] = 100 },
        });
        await host.Engine.RunDueWorkAsync();

        Assert.Empty(await host.Engine.QueryIncidentsAsync());
        var batches = (List<object?>)(await host.Engine.GetInstanceAsync(run.Id)).Variables["billBatches"]!;
        Assert.Equal([100, 100, 50], batches.Select(b => ((List<object?>)b!).Count));
        Assert.Equal(
            ["billing:T:2026-11:batch1", "billing:T:2026-11:batch2", "billing:T:2026-11:batch3"],
            (await host.Engine.QueryInstancesAsync(new InstanceQuery { ProcessKey = "finance-billing-batch" })).Select(i => i.BusinessKey!).Order(StringComparer.Ordinal));
        await using var db = host.Db();
        var bills = await db.Bills.Select(b => b.Id).ToListAsync();
        Assert.Equal(250, bills.Count);
        Assert.Equal(bills.Select(b => b.ToString()).Order(StringComparer.Ordinal), (await CollectionsAsync(host, InstanceStatus.Active)).Select(c => c.BusinessKey!).Order(StringComparer.Ordinal));
        Assert.Equal(250, (await host.DeliverAsync()).Count(m => m.Subject.StartsWith("2026-11 物业费账单", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task RemindersAndLadder_StopForTheBillThatIsPaid_AndRunToReviewAndHandoverForTheOthers()
    {
        await using var host = await ProcessHost.CreateAsync(Monday9, Files);
        await host.SeedCommunityAsync();
        await host.Engine.StartAsync("finance-billing", Billing("2026-11"));
        await host.Engine.RunDueWorkAsync(); // the collections start in background jobs: a batch instance per job, a collection per job
        await host.DeliverAsync();

        await host.AdvanceToAsync(Shanghai(2026, 11, 8, 9));
        var first = await host.DeliverAsync();
        Assert.Equal(3, first.Count);
        Assert.All(first, m => Assert.Contains("7 天后到期", m.Subject, StringComparison.Ordinal));

        // owner 1 pays: the payment is recorded, then the message ends that bill's ladder
        Guid paidBill;
        await using (var db = host.Db())
        {
            var unit = await db.Units.SingleAsync(u => u.Number == "1-1-01");
            var bill = await db.Bills.SingleAsync(b => b.UnitId == unit.Id);
            bill.ApplyPayment(bill.Outstanding, host.Clock.GetUtcNow());
            await db.SaveChangesAsync();
            paidBill = bill.Id;
        }

        Assert.Equal(1, await host.Engine.CorrelateMessageAsync(new MessageCorrelation { MessageName = "payment-received", BusinessKey = paidBill.ToString() }));
        Assert.Equal(paidBill.ToString(), Assert.Single(await CollectionsAsync(host, InstanceStatus.Completed)).BusinessKey);
        await using (var db = host.Db())
        {
            Assert.True(await db.Invoices.AnyAsync(i => i.BillId == paidBill));
        }

        await host.AdvanceToAsync(Shanghai(2026, 11, 12, 9));
        var second = await host.DeliverAsync();
        Assert.Equal(["o2@example.org", "o3@example.org"], second.Select(m => m.To).Order());
        Assert.All(second, m => Assert.Contains("3 天后到期", m.Subject, StringComparison.Ordinal));

        await host.AdvanceToAsync(Shanghai(2026, 11, 15, 9));
        Assert.All(await host.DeliverAsync(), m => Assert.StartsWith("物业费到期通知", m.Subject, StringComparison.Ordinal));

        await host.AdvanceToAsync(Shanghai(2026, 11, 30, 9));
        var demands = await host.DeliverAsync();
        Assert.Equal(2, demands.Count);
        Assert.All(demands, m => Assert.Contains("请于 2026-12-30 前缴纳", m.Subject, StringComparison.Ordinal));

        Assert.Empty(await host.Engine.QueryTasksAsync(new TaskQuery { ProcessKey = "finance-collection" }));
        await host.AdvanceToAsync(Shanghai(2026, 12, 30, 9));
        var reviews = await host.Engine.QueryTasksAsync(new TaskQuery { ProcessKey = "finance-collection" });
        Assert.Equal(2, reviews.Count);
        Assert.All(reviews, t => Assert.Equal("review", t.ElementId));
        var supervisor = TaskActor.User("sup1", Roles.Supervisor);
        await host.Engine.CompleteTaskAsync(reviews[0].Id, supervisor, new Dictionary<string, object?> { ["handOver"] = true });
        await host.Engine.CompleteTaskAsync(reviews[1].Id, supervisor, new Dictionary<string, object?> { ["handOver"] = false, ["reviewNote"] = "业主承诺分期 instalments agreed" });

        // (the monthly timer billed community T for December on the 1st: its notices arrive too)
        Assert.Single(await host.DeliverAsync(), m => m.Subject.StartsWith("物业费欠费移交通知", StringComparison.Ordinal));
        Assert.Equal("handover", Assert.Single(await host.Engine.QueryTasksAsync(new TaskQuery { ProcessKey = "finance-collection" })).ElementId);
        Assert.Equal(2, (await CollectionsAsync(host, InstanceStatus.Completed)).Count);
    }

    [Fact]
    public async Task PaymentBeforeTheFirstReminder_SendsNoReminderAtAll()
    {
        await using var host = await ProcessHost.CreateAsync(Monday9, Files);
        await host.SeedCommunityAsync(units: 1);
        await host.Engine.StartAsync("finance-billing", Billing("2026-11"));
        await host.Engine.RunDueWorkAsync(); // the collections start in background jobs: a batch instance per job, a collection per job
        var bill = Assert.Single(await CollectionsAsync(host, InstanceStatus.Active)).BusinessKey!;
        await using (var db = host.Db())
        {
            var row = await db.Bills.SingleAsync();
            row.ApplyPayment(row.Outstanding, host.Clock.GetUtcNow());
            (await db.FeeRules.SingleAsync()).Retire(); // T leaves the monthly schedule: only November's bill is in play
            await db.SaveChangesAsync();
        }

        await host.Engine.CorrelateMessageAsync(new MessageCorrelation { MessageName = "payment-received", BusinessKey = bill });
        await host.AdvanceToAsync(Shanghai(2027, 1, 31, 9));

        Assert.Equal(["2026-11 物业费账单（1-1-01）"], (await host.DeliverAsync()).Select(m => m.Subject));
        Assert.Empty(await host.Engine.QueryTimersAsync((await CollectionsAsync(host, InstanceStatus.Completed)).Single().Id));
    }

    /// <summary>A bank feed as a process: one service task <c>payment.match</c>, so the message is sent from inside a trigger.</summary>
    private const string BankFeed = """
        <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" targetNamespace="t">
          <process id="bank-feed" isExecutable="true">
            <startEvent id="s" />
            <sequenceFlow id="f1" sourceRef="s" targetRef="match" />
            <serviceTask id="match" camunda:type="external" camunda:topic="payment.match" />
            <sequenceFlow id="f2" sourceRef="match" targetRef="e" />
            <endEvent id="e" />
          </process>
        </definitions>
        """;

    [Fact]
    public async Task PaymentMatch_SettlesABill_EndsItsLadder_NoMoreReminders_PartialPaymentKeepsTheOther()
    {
        await using var host = await ProcessHost.CreateAsync(Monday9, Files);
        await host.Engine.DeployAsync("bank-feed.bpmn", BankFeed);
        await host.SeedCommunityAsync(units: 2);
        await host.Engine.StartAsync("finance-billing", Billing("2026-11"));
        await host.Engine.RunDueWorkAsync(); // the collections start in background jobs: a batch instance per job, a collection per job
        await host.DeliverAsync();
        string paid, partial;
        await using (var db = host.Db())
        {
            var bills = await db.Bills.Join(db.Units, b => b.UnitId, u => u.Id, (b, u) => new { b.Reference, u.Number }).ToListAsync();
            paid = bills.Single(b => b.Number == "1-1-01").Reference;
            partial = bills.Single(b => b.Number == "1-1-02").Reference;
        }

        var feed = await host.Engine.StartAsync("bank-feed", new StartOptions
        {
            Variables = new Dictionary<string, object?> { ["community"] = "T", ["transactionId"] = "TX-1", ["amount"] = "200.00", ["reference"] = paid },
        });
        await host.Engine.StartAsync("bank-feed", new StartOptions
        {
            Variables = new Dictionary<string, object?> { ["community"] = "T", ["transactionId"] = "TX-2", ["amount"] = "50.00", ["reference"] = partial },
        });

        Assert.Equal(InstanceStatus.Completed, (await host.Engine.GetInstanceAsync(feed.Id)).Status);
        await using (var db = host.Db())
        {
            var paidBill = await db.Bills.SingleAsync(b => b.Reference == paid);
            Assert.Equal(BillStatus.Paid, paidBill.Status);
            Assert.Equal(paidBill.Id.ToString(), Assert.Single(await CollectionsAsync(host, InstanceStatus.Completed)).BusinessKey);
            Assert.True(await db.Invoices.AnyAsync(i => i.BillId == paidBill.Id));
            var partBill = await db.Bills.SingleAsync(b => b.Reference == partial);
            Assert.Equal(BillStatus.PartiallyPaid, partBill.Status);
            Assert.Equal(partBill.Id.ToString(), Assert.Single(await CollectionsAsync(host, InstanceStatus.Active)).BusinessKey);
        }

        // the reminders of the following weeks reach only the owner who has not paid in full
        await host.AdvanceToAsync(Shanghai(2026, 11, 16, 9));
        var later = await host.DeliverAsync();
        Assert.Equal(3, later.Count); // 7 days, 3 days, due date
        Assert.All(later, m => Assert.Equal("o2@example.org", m.To));

        // a bank retry of the same transaction records nothing twice and fails nothing
        var retry = await host.Engine.StartAsync("bank-feed", new StartOptions
        {
            Variables = new Dictionary<string, object?> { ["community"] = "T", ["transactionId"] = "TX-1", ["amount"] = "200.00", ["reference"] = paid },
        });
        Assert.Equal(InstanceStatus.Completed, (await host.Engine.GetInstanceAsync(retry.Id)).Status);
        await using var after = host.Db();
        Assert.Equal(2, await after.Payments.CountAsync());
    }

    [Theory]
    [InlineData(2026, 11, 30, "0.00")] // last day of grace (due 11-15 + 15 days)
    [InlineData(2026, 12, 10, "1.00")] // 10 days after grace: 200.00 × 0.05 % × 10
    [InlineData(2033, 1, 1, "200.00")] // capped at the principal
    public async Task LateFees_RateTimesDaysAfterGrace_CappedAtThePrincipal(int year, int month, int day, string expected)
    {
        await using var host = await ProcessHost.CreateAsync(Monday9, Files);
        await host.SeedCommunityAsync(units: 1);
        await using (var db = host.Db())
        {
            var community = await db.Communities.SingleAsync();
            var unit = await db.Units.SingleAsync();
            db.Bills.Add(new Bill(Guid.NewGuid(), community, unit, "2026-11", 200.00m, "物业服务费", new DateOnly(2026, 11, 15), 15, 0.0005m, Monday9));
            await db.SaveChangesAsync();
        }

        host.Clock.SetUtcNow(Shanghai(year, month, day, 10));
        await host.Engine.StartAsync("finance-late-fees", new StartOptions { Variables = new Dictionary<string, object?> { ["community"] = "T" } });

        await using var after = host.Db();
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), (await after.Bills.SingleAsync()).LateFee);
    }

    [Fact]
    public async Task MonthlyTimerStart_FiresOnTheFirstAt8_AndBillsThatMonth()
    {
        await using var host = await ProcessHost.CreateAsync(Monday9, Files);
        await host.SeedCommunityAsync(units: 2, code: "SG"); // the shipped default community

        var start = Assert.Single(await host.Engine.QueryTimersAsync(), t => t.ElementId == "monthly");
        Assert.Equal(Shanghai(2026, 12, 1, 8), start.DueAt);
        await host.AdvanceToAsync(Shanghai(2026, 12, 1, 8));

        var run = Assert.Single(await host.Engine.QueryInstancesAsync(new InstanceQuery { ProcessKey = "finance-billing" }), i => i.BusinessKey is not null);
        Assert.Equal("billing:SG:2026-12", run.BusinessKey); // one run per active community, started by the scheduled run
        Assert.Equal("2026-12", (await host.Engine.GetInstanceAsync(run.Id)).Variables["period"]);
        await using var db = host.Db();
        Assert.Equal(["2026-12", "2026-12"], await db.Bills.Select(b => b.Period).ToListAsync());
        Assert.Equal(Shanghai(2027, 1, 1, 8), Assert.Single(await host.Engine.QueryTimersAsync(), t => t.ElementId == "monthly").DueAt);
    }

    private sealed record ProcessInstanceInfoLike(Guid Id, string? BusinessKey);
}
