using Microsoft.EntityFrameworkCore;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Workflows.Domain;
using PropertyFlow.Workflows.Handlers;
using PropertyFlow.Workflows.Tests.Domain;

namespace PropertyFlow.Workflows.Tests.Handlers;

public class BillingHandlerTests
{
    private static Dictionary<string, object?> Month(string period, string community = "T") => new() { ["community"] = community, ["period"] = period };

    [Fact]
    public async Task Generate_TwiceForTheSameMonth_BillsEachUnitOnce()
    {
        await using var domain = await TestDomain.CreateAsync();
        await domain.SmallCommunityAsync(units: 3);

        var first = await domain.RunAsync(BillingGenerateHandler.TopicName, Month("2026-11"));
        var second = await domain.RunAsync(BillingGenerateHandler.TopicName, Month("2026-11"));

        Assert.Equal(3L, first["billCount"]);
        Assert.Equal(3, TestDomain.Strings(first["billIds"]).Count);
        Assert.Equal("600.00", first["billedTotal"]);
        Assert.Equal(0L, second["billCount"]);
        Assert.Empty(TestDomain.Strings(second["billIds"]));
        Assert.Equal(3L, second["skippedCount"]);
        await using var db = domain.Db();
        var bills = await db.Bills.ToListAsync();
        Assert.Equal(3, bills.Count);
        Assert.All(bills, b =>
        {
            Assert.Equal(200m, b.Principal); // 2.00 × 100 m²
            Assert.Equal(new DateOnly(2026, 11, 15), b.DueDate);
            Assert.Equal(0.0005m, b.LateFeeDailyRate);
            Assert.StartsWith("T-202611-1-1-0", b.Reference, StringComparison.Ordinal);
        });
        Assert.Equal(3, bills.Select(b => b.UnitId).Distinct().Count());
    }

    [Fact]
    public async Task Generate_TwoConcurrentRuns_BillEachUnitOnce()
    {
        await using var domain = await TestDomain.CreateAsync();
        await domain.SmallCommunityAsync(units: 40);

        var runs = await Task.WhenAll(
            Task.Run(() => domain.RunAsync(BillingGenerateHandler.TopicName, Month("2026-12"))),
            Task.Run(() => domain.RunAsync(BillingGenerateHandler.TopicName, Month("2026-12"))));

        Assert.Equal(40L, runs.Sum(r => (long)r["billCount"]!));
        var reported = runs.SelectMany(r => TestDomain.Strings(r["billIds"])).ToList();
        Assert.Equal(reported.Count, reported.Distinct().Count());
        await using var db = domain.Db();
        Assert.Equal(40, await db.Bills.CountAsync());
        Assert.Equal(40, await db.Bills.Select(b => b.UnitId).Distinct().CountAsync());
    }

    [Fact]
    public async Task Generate_RetriedRun_ReportsTheSameBillsAgain()
    {
        await using var domain = await TestDomain.CreateAsync();
        await domain.SmallCommunityAsync(units: 2);
        var instance = Guid.NewGuid();

        var first = await domain.RunAsync(BillingGenerateHandler.TopicName, Month("2026-11"), instance);
        var retry = await domain.RunAsync(BillingGenerateHandler.TopicName, Month("2026-11"), instance);

        Assert.Equal(first["billIds"], retry["billIds"]); // the engine may run a task again; its process still gets its bills
        Assert.Equal(2L, retry["billCount"]);
        await using var db = domain.Db();
        Assert.Equal(2, await db.Bills.CountAsync());
    }

    [Fact]
    public async Task Generate_DemoCommunity_PricesByAreaAndPerUnitRules()
    {
        await using var domain = await TestDomain.CreateAsync();
        await domain.SeedDemoAsync();

        var result = await domain.RunAsync(BillingGenerateHandler.TopicName, Month("2026-11", DemoSeeder.CommunityCode));

        Assert.Equal(240L, result["billCount"]);
        await using var db = domain.Db();
        var unit = await db.Units.SingleAsync(u => u.Number == "3-1-102");
        var bill = await db.Bills.SingleAsync(b => b.UnitId == unit.Id);
        Assert.Equal(89.20m, unit.AreaM2);
        Assert.Equal(259.76m, bill.Principal); // 2.50 × 89.20 + 0.30 × 89.20 + 10.00
        Assert.Contains("物业服务费 2.50×89.20m²=223.00", bill.Breakdown, StringComparison.Ordinal);
        Assert.Equal(unit.OwnerId, bill.OwnerId);
    }

    [Fact]
    public async Task Generate_BadPeriodOrCommunity_IsARuleErrorNamingTheProblem()
    {
        await using var domain = await TestDomain.CreateAsync();
        await domain.SmallCommunityAsync();

        var period = await Assert.ThrowsAsync<BpmnErrorException>(() => domain.RunAsync(BillingGenerateHandler.TopicName, Month("11/2026")));
        var community = await Assert.ThrowsAsync<BpmnErrorException>(() => domain.RunAsync(BillingGenerateHandler.TopicName, Month("2026-11", "XX")));

        Assert.Equal(DomainHandler.RuleErrorCode, period.ErrorCode);
        Assert.Contains("yyyy-MM", period.Message, StringComparison.Ordinal);
        Assert.Contains("'XX'", community.Message, StringComparison.Ordinal);
        await using var db = domain.Db();
        Assert.Equal(0, await db.Bills.CountAsync());
    }

    [Fact]
    public async Task AccrueLateFees_RateTimesDaysAfterGrace_OncePerDay_CappedAtPrincipal()
    {
        await using var domain = await TestDomain.CreateAsync();
        await domain.SmallCommunityAsync(units: 2);
        await domain.RunAsync(BillingGenerateHandler.TopicName, Month("2026-10")); // due 10-15, grace 15 days: late from 10-31
        await using (var db = domain.Db())
        {
            var paid = await db.Bills.OrderBy(b => b.Reference).FirstAsync();
            paid.ApplyPayment(200m, domain.Clock.GetUtcNow());
            await db.SaveChangesAsync();
        }

        var asOf = new Dictionary<string, object?> { ["community"] = "T", ["asOf"] = "2026-11-10" };
        var first = await domain.RunAsync(LateFeeHandler.TopicName, asOf);
        var again = await domain.RunAsync(LateFeeHandler.TopicName, asOf);

        Assert.Equal(1L, first["billCount"]); // the paid bill accrues nothing
        Assert.Equal("1.10", first["accruedTotal"]); // 200 × 0.05 % × 11 days
        Assert.Equal(0L, again["billCount"]);
        Assert.Equal("0.00", again["accruedTotal"]);

        var capped = await domain.RunAsync(LateFeeHandler.TopicName, new() { ["community"] = "T", ["asOf"] = "2028-01-01", ["dailyRate"] = "0.009" });
        Assert.Equal("198.90", capped["accruedTotal"]);
        await using (var db = domain.Db())
        {
            var open = await db.Bills.SingleAsync(b => b.Status == BillStatus.Open);
            Assert.Equal(200m, open.LateFee);
            Assert.Equal(new DateOnly(2028, 1, 1), open.LateFeeAccruedThrough);
        }
    }

    [Fact]
    public async Task AccrueLateFees_DefaultsToTodayInTheEngineZone()
    {
        await using var domain = await TestDomain.CreateAsync();
        await domain.SmallCommunityAsync(units: 1);
        await domain.RunAsync(BillingGenerateHandler.TopicName, Month("2026-10"));
        domain.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 9, 16, 30, 0, TimeSpan.Zero)); // 00:30 on 11-10 in Shanghai

        var result = await domain.RunAsync(LateFeeHandler.TopicName, new() { ["community"] = "T" });

        Assert.Equal("1.10", result["accruedTotal"]);
    }
}
