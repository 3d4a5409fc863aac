using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Workflows.Data;
using PropertyFlow.Workflows.Domain;

namespace PropertyFlow.Server.Tests.Api;

/// <summary>
/// <c>GET /api/dashboard</c>: series computed from complaints, bills and surveys seeded through the domain's own verbs
/// (at fixed past instants) and from the engine's tasks and variable history (on the host's fake clock).
/// </summary>
public sealed class DashboardApiTests(ApiHost host) : IClassFixture<ApiHost>
{
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    private static DateTimeOffset At(int month, int day, int hour) => new(2026, month, day, hour, 0, 0, Shanghai);

    private PropertyDbContext Db() => host.Services.GetRequiredService<IDbContextFactory<PropertyDbContext>>().CreateDbContext();

    private async Task<JsonElement> GetAsync(string query, string user = "supervisor")
    {
        using var client = await host.SignInAsync(user);
        using var response = await client.GetAsync("/api/dashboard" + query);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static List<T?> Values<T>(JsonElement series, string name) =>
        [.. series.GetProperty(name).EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Null ? default : e.Deserialize<T>())];

    /// <summary>Five SG complaints in weeks 10–11 of 2026 and one in a second community; March bills; two Q1 surveys.</summary>
    private async Task SeedMarchAsync()
    {
        await using var db = Db();
        if (await db.Communities.AnyAsync(c => c.Code == "TC"))
        {
            return;
        }

        var sg = await db.Communities.SingleAsync(c => c.Code == "SG");
        var tc = new Community(Guid.NewGuid(), "TC", "测试小区", "Test Court");
        db.Communities.Add(tc);

        Complaint New(Community c, DateTimeOffset at) => new(Guid.NewGuid(), c.Id, null, null, "service", "门禁坏了 gate broken", Severity.Normal, at);
        void CloseAfter(Complaint c, TimeSpan after)
        {
            c.StartResolving(c.RecordedAt.AddMinutes(10));
            c.Resolve("fixed 已修复", c.RecordedAt + after - TimeSpan.FromMinutes(5));
            c.Close(true, c.RecordedAt + after);
        }

        // Week 2026-W10 (Mon 2 March): on time, late (3 days), still open, closed in a day then reopened.
        var onTime = New(sg, At(3, 2, 10));
        CloseAfter(onTime, TimeSpan.FromDays(1));
        var late = New(sg, At(3, 3, 10));
        CloseAfter(late, TimeSpan.FromDays(3));
        var open = New(sg, At(3, 4, 10));
        open.StartResolving(At(3, 4, 11));
        var reopened = New(sg, At(3, 5, 10));
        CloseAfter(reopened, TimeSpan.FromDays(1));
        reopened.Reopen("still broken 仍未修好", At(3, 6, 12));

        // Week 2026-W11: one SG complaint closed in two hours, one TC complaint left open.
        var quick = New(sg, At(3, 10, 9));
        CloseAfter(quick, TimeSpan.FromHours(2));
        var other = New(tc, At(3, 11, 9));
        db.Complaints.AddRange(onTime, late, open, reopened, quick, other);

        // March bills in SG: 100 paid, 200 a quarter paid, 300 cancelled (left out), 100 paid with its 1.50 late fee.
        var units = await db.Units.Where(u => u.CommunityId == sg.Id).OrderBy(u => u.Number).Take(4).ToListAsync();
        Bill NewBill(int i, decimal principal) =>
            new(Guid.NewGuid(), sg, units[i], "2026-03", principal, "物业服务费", new DateOnly(2026, 3, 10), 0, 0.0005m, At(3, 1, 9));
        var paid = NewBill(0, 100m);
        paid.ApplyPayment(100m, At(3, 5, 9));
        var partly = NewBill(1, 200m);
        partly.ApplyPayment(50m, At(3, 6, 9));
        var cancelled = NewBill(2, 300m);
        cancelled.Cancel();
        var lateFee = NewBill(3, 100m);
        Assert.Equal(1.50m, lateFee.AccrueLateFee(new DateOnly(2026, 4, 9)));
        lateFee.ApplyPayment(101.50m, At(4, 9, 9));
        db.Bills.AddRange(paid, partly, cancelled, lateFee);

        // Q1 surveys: January 3 of 4 scores are 4–5 (75 %, 2 responses); March 2 of 2 (100 %, 1 response).
        var owners = units.Select(u => u.OwnerId!.Value).ToList();
        (string, string, string)[] questions = [("service-attitude", "服务态度", "Service attitude"), ("cleaning", "保洁", "Cleaning")];
        var january = new Survey(Guid.NewGuid(), sg.Id, "一月满意度 January", "2026-01", questions);
        january.Open(owners.Take(2), At(1, 20, 9));
        january.Answer(january.Invitations[0], new Dictionary<string, int> { ["service-attitude"] = 5, ["cleaning"] = 4 }, null, At(1, 21, 9));
        january.Answer(january.Invitations[1], new Dictionary<string, int> { ["service-attitude"] = 2, ["cleaning"] = 5 }, null, At(1, 21, 10));
        january.Close([.. january.Invitations.SelectMany(i => i.Answers)], 80m, At(1, 31, 9));
        var march = new Survey(Guid.NewGuid(), sg.Id, "三月满意度 March", "2026-03", questions);
        march.Open(owners.Take(1), At(3, 20, 9));
        march.Answer(march.Invitations[0], new Dictionary<string, int> { ["service-attitude"] = 5, ["cleaning"] = 5 }, null, At(3, 21, 9));
        march.Close([.. march.Invitations.SelectMany(i => i.Answers)], 80m, At(3, 31, 9));
        db.Surveys.AddRange(january, march);
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task Get_SeededRange_ComputesWeeklyMonthlyAndQuarterlyRates()
    {
        await SeedMarchAsync();

        var all = await GetAsync("?from=2026-03-02&to=2026-04-12");
        var weeks = all.GetProperty("weeks");
        Assert.Equal(["2026-W10", "2026-W11", "2026-W12", "2026-W13", "2026-W14", "2026-W15"], Values<string>(weeks, "labels"));
        Assert.Equal([4, 2, 0, 0, 0, 0], Values<int>(weeks, "complaints"));
        Assert.Equal([1, 1, 0, 0, 0, 0], Values<int>(weeks, "onTime"));
        Assert.Equal([25.0m, 50.0m, null, null, null, null], Values<decimal?>(weeks, "timeliness"));
        Assert.Equal([1, 0, 0, 0, 0, 0], Values<int>(weeks, "reopens"));

        var months = all.GetProperty("months");
        Assert.Equal(["2026-03", "2026-04"], Values<string>(months, "labels"));
        Assert.Equal([3, 0], Values<int>(months, "bills"));
        Assert.Equal([400m, 0m], Values<decimal>(months, "billed"));
        Assert.Equal([250m, 0m], Values<decimal>(months, "collected")); // the 1.50 late fee paid is not principal
        Assert.Equal([62.5m, null], Values<decimal?>(months, "collectionRate"));
        Assert.Contains(all.GetProperty("communities").EnumerateArray(), c => c.GetProperty("code").GetString() == "TC");

        // One community: the TC complaint leaves week 11.
        var sg = await GetAsync("?from=2026-03-02&to=2026-03-15&community=sg");
        Assert.Equal("SG", sg.GetProperty("community").GetString());
        Assert.Equal([4, 1], Values<int>(sg.GetProperty("weeks"), "complaints"));
        Assert.Equal([25.0m, 100.0m], Values<decimal?>(sg.GetProperty("weeks"), "timeliness"));
        var tc = await GetAsync("?from=2026-03-02&to=2026-03-15&community=TC");
        Assert.Equal([0, 1], Values<int>(tc.GetProperty("weeks"), "complaints"));
        Assert.Equal([null, 0.0m], Values<decimal?>(tc.GetProperty("weeks"), "timeliness"));
        Assert.Equal([0], Values<int>(tc.GetProperty("months"), "bills"));
    }

    [Fact]
    public async Task Get_Quarters_WeighSatisfactionByResponses()
    {
        await SeedMarchAsync();

        var body = await GetAsync("?from=2026-01-01&to=2026-04-30");
        var quarters = body.GetProperty("quarters");
        Assert.Equal(["2026-Q1", "2026-Q2"], Values<string>(quarters, "labels"));
        Assert.Equal([2, 0], Values<int>(quarters, "surveys"));
        Assert.Equal([3, 0], Values<int>(quarters, "responses"));
        Assert.Equal([83.3m, null], Values<decimal?>(quarters, "satisfaction")); // (75 × 2 + 100 × 1) ÷ 3
    }

    private const string Escalating = """
        <bpmn:startEvent id="s" />
        <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="handle" />
        <bpmn:userTask id="handle" name="Handle 处理" camunda:candidateGroups="supervisor" />
        <bpmn:sequenceFlow id="f2" sourceRef="handle" targetRef="check" />
        <bpmn:userTask id="check" name="Check 复核" camunda:candidateGroups="maintenance,customer-service" />
        <bpmn:sequenceFlow id="f3" sourceRef="check" targetRef="e" />
        <bpmn:endEvent id="e" />
        """;

    [Fact]
    public async Task Get_EscalationsAndOpenTasks_ReadTheEngineOnTheFakeClock()
    {
        await SeedMarchAsync();
        await host.DeployAsync(Bpmn.Process("dash-escalating", Escalating));
        var supervisor = new TaskActor("supervisor", ["supervisor"]);
        var before = await GetAsync("");
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(host.Clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).DateTime);
        Assert.Equal(today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), before.GetProperty("to").GetString());
        Assert.Equal(new DateOnly(today.Year, today.Month, 1).AddMonths(-11).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            before.GetProperty("from").GetString());

        // Three instances: escalated to level 1, to level 2, and one that starts at 0 (not an escalation).
        var instances = new List<Guid>();
        foreach (var level in new[] { 1, 2, 0 })
        {
            var instance = await host.Engine.StartAsync("dash-escalating", new StartOptions { Variables = new Dictionary<string, object?> { ["escalationLevel"] = 0 } });
            instances.Add(instance.Id);
            var task = Assert.Single(await host.Engine.QueryTasksAsync(new TaskQuery { InstanceId = instance.Id }));
            host.Clock.Advance(TimeSpan.FromMinutes(1));
            await host.Engine.CompleteTaskAsync(task.Id, supervisor, new Dictionary<string, object?> { ["escalationLevel"] = level });
        }

        // One "check" task claimed by a maintenance worker from the staff table (mt.wang).
        var check = (await host.Engine.QueryTasksAsync(new TaskQuery { InstanceId = instances[0] })).Single();
        await host.Engine.ClaimTaskAsync(check.Id, new TaskActor("mt.wang", ["maintenance"]));

        var after = await GetAsync("");
        var weeks = after.GetProperty("weeks");
        int Last(JsonElement body, string level) => body.GetProperty("weeks").GetProperty("escalations").GetProperty(level).EnumerateArray().Last().GetInt32();
        Assert.Equal(Last(before, "handler") + 1, Last(after, "handler"));
        Assert.Equal(Last(before, "supervisor") + 1, Last(after, "supervisor"));
        Assert.Equal(Last(before, "manager"), Last(after, "manager"));
        Assert.Equal(weeks.GetProperty("labels").GetArrayLength(), weeks.GetProperty("escalations").GetProperty("handler").GetArrayLength());

        int Tasks(JsonElement body, string series, string role)
        {
            var tasks = body.GetProperty("openTasks");
            var roles = Values<string>(tasks, "roles");
            var i = roles.IndexOf(role);
            return i < 0 ? 0 : tasks.GetProperty(series)[i].GetInt32();
        }

        Assert.Equal(Tasks(before, "assigned", "maintenance") + 1, Tasks(after, "assigned", "maintenance"));
        Assert.Equal(Tasks(before, "unassigned", "maintenance") + 2, Tasks(after, "unassigned", "maintenance"));
        Assert.Equal(Tasks(before, "unassigned", "customer-service") + 2, Tasks(after, "unassigned", "customer-service"));

        // Limited to SG, only instances that recorded an SG complaint count: none of these did.
        var sg = await GetAsync("?community=SG");
        Assert.Equal(0, Last(sg, "handler"));
    }

    [Theory]
    [InlineData("?from=2026-04-01&to=2026-03-01", "after it ends")]
    [InlineData("?community=XX", "no community 'XX'")]
    [InlineData("?from=2010-01-01&to=2026-01-01", "at most")]
    public async Task Get_BadRange_Is400WithTheReason(string query, string reason)
    {
        using var client = await host.SignInAsync("manager");
        using var response = await client.GetAsync("/api/dashboard" + query);
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(reason, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_NotADate_Is400()
    {
        using var client = await host.SignInAsync("manager");
        using var response = await client.GetAsync("/api/dashboard?from=March");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Get_StaffAndAnonymous_AreRefused()
    {
        using var staff = await host.SignInAsync("customer-service");
        using var forbidden = await staff.GetAsync("/api/dashboard");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        using var anonymous = host.Anonymous();
        using var unauthorized = await anonymous.GetAsync("/api/dashboard");
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
    }
}
