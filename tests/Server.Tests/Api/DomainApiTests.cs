using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Tests.Shared;
using PropertyFlow.Workflows.Data;
using PropertyFlow.Workflows.Domain;
using PropertyFlow.Workflows.Queries;

namespace PropertyFlow.Server.Tests.Api;

/// <summary>
/// The domain resources (/api/complaints, /api/bills, /api/bills.csv, /api/surveys, /api/statements) on the real
/// server with the demo community seeded; data is made through the domain's own entities and the shipped complaint
/// process, and the clock is the host's FakeTimeProvider.
/// </summary>
public sealed class DomainApiTests(ApiHost host) : IClassFixture<ApiHost>
{
    private PropertyDbContext Db() => host.Services.GetRequiredService<IDbContextFactory<PropertyDbContext>>().CreateDbContext();

    private Task<(Community Community, List<Unit> Units)> DemoAsync(int units) => DomainSeed.DemoAsync(host.Services, units);

    private Task<Guid> ComplaintAsync(string category, Severity severity, string description, bool close = false) =>
        DomainSeed.ComplaintAsync(host.Services, host.Clock.GetUtcNow(), category, severity, description, close);

    [Fact]
    public async Task Complaints_FilterByCategoryStateSeverityAndPage()
    {
        var tag = "cat" + Guid.NewGuid().ToString("N")[..6];
        var open = await ComplaintAsync(tag, Severity.High, "楼道灯不亮 The stairwell light is out");
        var closed = await ComplaintAsync(tag, Severity.Low, "已解决 Solved", close: true);
        using var client = await host.SignInAsync("customer-service");

        var all = await (await client.GetAsync($"/api/complaints?category={tag}")).ReadJsonAsync();
        Assert.Equal(2, all.GetProperty("total").GetInt32());
        var onlyClosed = await (await client.GetAsync($"/api/complaints?category={tag}&state=closed")).ReadJsonAsync();
        Assert.Equal(closed, Assert.Single(onlyClosed.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
        var high = await (await client.GetAsync($"/api/complaints?category={tag}&severity=high&community=SG")).ReadJsonAsync();
        Assert.Equal(open, Assert.Single(high.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());

        var page2 = await (await client.GetAsync($"/api/complaints?category={tag}&pageSize=1&page=2")).ReadJsonAsync();
        Assert.Equal(2, page2.GetProperty("total").GetInt32());
        Assert.Equal(2, page2.GetProperty("page").GetInt32());
        Assert.Single(page2.GetProperty("items").EnumerateArray());
        Assert.Equal(2, page2.GetProperty("pages").GetInt32());
    }

    [Theory]
    [InlineData("/api/complaints?community=NOPE", "community")]
    [InlineData("/api/complaints?pageSize=1000", "pageSize")]
    [InlineData("/api/bills?period=2026-13", "period")]
    [InlineData("/api/bills.csv?period=november", "period")]
    [InlineData("/api/statements?period=26-11", "period")]
    public async Task BadFilter_Is400NamingTheField(string url, string field)
    {
        using var client = await host.SignInAsync("manager");
        var problem = await (await client.GetAsync(url)).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Complaints_UnknownState_Is400ListingTheStates()
    {
        using var client = await host.SignInAsync("manager");
        var problem = await (await client.GetAsync("/api/complaints?state=lost")).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("followingUp", problem.GetProperty("errors").GetProperty("state")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownComplaintAndSurvey_Are404Problems()
    {
        using var client = await host.SignInAsync("supervisor");
        await (await client.GetAsync($"/api/complaints/{Guid.NewGuid()}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await client.GetAsync($"/api/surveys/{Guid.NewGuid()}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ComplaintProcess_StepRunsLate_DetailShowsCommittedTimeAndNewPromise()
    {
        await host.DeployAsync(await File.ReadAllTextAsync(DomainSeed.ShippedFile("complaint.bpmn")), "complaint.bpmn");
        var instance = await host.Engine.StartAsync("complaint", new StartOptions
        {
            Variables = new Dictionary<string, object?>
            {
                ["community"] = "SG",
                ["category"] = "service",
                ["description"] = "物业服务态度差 Rude service at the front desk",
                ["unit"] = "1-1-101",
                ["ownerEmail"] = "owner001@example.org",
            },
        });
        var snapshot = await host.Engine.GetInstanceAsync(instance.Id);
        var complaintId = Guid.Parse((string)snapshot.Variables["complaintId"]!);
        var responseDueAt = DateTimeOffset.Parse((string)snapshot.Variables["responseDueAt"]!, System.Globalization.CultureInfo.InvariantCulture);
        var calm = Assert.Single(await host.Engine.QueryTasksAsync(new TaskQuery { InstanceId = instance.Id }));
        using var client = await host.SignInAsync("customer-service");

        var before = await (await client.GetAsync($"/api/complaints/{complaintId}")).ReadJsonAsync();
        Assert.Equal(instance.Id, before.GetProperty("complaint").GetProperty("instanceId").GetGuid());
        Assert.Equal("calming", before.GetProperty("complaint").GetProperty("state").GetString());
        var contact = before.GetProperty("clock")[0];
        Assert.Equal("contact", contact.GetProperty("step").GetString());
        Assert.Equal(responseDueAt, contact.GetProperty("committedAt").GetDateTimeOffset());
        Assert.Equal(calm.DueAt, contact.GetProperty("dueAt").GetDateTimeOffset());
        Assert.Equal("onTime", contact.GetProperty("status").GetString());
        Assert.True(contact.GetProperty("current").GetBoolean());
        Assert.True(contact.GetProperty("minutesLeft").GetInt64() > 0);
        Assert.Equal("waiting", before.GetProperty("clock")[1].GetProperty("status").GetString());
        Assert.Contains(before.GetProperty("history").EnumerateArray(), h => h.GetProperty("to").GetString() == "Calming");

        await host.Engine.AdvanceClockAsync(calm.DueAt!.Value, host.Clock.SetUtcNow);
        using var again = await host.SignInAsync("customer-service"); // the clock moved past the session's lifetime

        var after = await (await again.GetAsync($"/api/complaints/{complaintId}")).ReadJsonAsync();
        var late = after.GetProperty("clock")[0];
        Assert.Equal("late", late.GetProperty("status").GetString());
        Assert.Equal(calm.DueAt, late.GetProperty("lateAt").GetDateTimeOffset());
        Assert.Equal(calm.DueAt.Value.AddHours(24), late.GetProperty("newPromisedAt").GetDateTimeOffset()); // promiseExtensionHours = 24
        Assert.Equal(24 * 60, late.GetProperty("minutesLeft").GetInt64());
        host.Clock.Advance(TimeSpan.FromMinutes(1)); // due at this instant is not yet past due; a minute later it is (the next rung is 2 h away)
        var overdue = await (await again.GetAsync("/api/complaints?overdue=true&category=service")).ReadJsonAsync();
        Assert.Contains(overdue.GetProperty("items").EnumerateArray(), c => c.GetProperty("id").GetGuid() == complaintId);
    }

    private Task<List<Bill>> BillsAsync(string period, int count) => DomainSeed.BillsAsync(host.Services, period, count);

    [Fact]
    public async Task Bills_PastPeriod_StatusPerBillAndTotals()
    {
        var bills = await BillsAsync("2026-05", 3);
        await using (var db = Db())
        {
            var paid = await db.Bills.SingleAsync(b => b.Id == bills[0].Id);
            paid.ApplyPayment(paid.Outstanding, host.Clock.GetUtcNow());
            var partly = await db.Bills.SingleAsync(b => b.Id == bills[1].Id);
            partly.ApplyPayment(50m, host.Clock.GetUtcNow());
            await db.SaveChangesAsync();
        }

        using var client = await host.SignInAsync("finance");
        var json = await (await client.GetAsync("/api/bills?period=2026-05&community=SG")).ReadJsonAsync();
        var rows = json.GetProperty("bills").EnumerateArray().ToDictionary(b => b.GetProperty("id").GetGuid());
        Assert.Equal("paid", rows[bills[0].Id].GetProperty("collection").GetString());
        Assert.Equal("overdue", rows[bills[1].Id].GetProperty("collection").GetString()); // partly paid, but past due
        Assert.Equal("partiallyPaid", rows[bills[1].Id].GetProperty("status").GetString());
        Assert.Equal("overdue", rows[bills[2].Id].GetProperty("collection").GetString());
        Assert.True(rows[bills[2].Id].GetProperty("daysOverdue").GetInt32() > 100);
        Assert.Equal(0, rows[bills[0].Id].GetProperty("daysOverdue").GetInt32());
        var totals = json.GetProperty("totals");
        Assert.Equal(3, totals.GetProperty("count").GetInt32());
        Assert.Equal(1, totals.GetProperty("paid").GetInt32());
        Assert.Equal(2, totals.GetProperty("overdue").GetInt32());
        Assert.Equal(100.25m + 101.25m + 102.25m, totals.GetProperty("principal").GetDecimal());
        Assert.Equal(100.25m + 50m, totals.GetProperty("paidAmount").GetDecimal());
        Assert.Equal(Math.Round(100m * 150.25m / 303.75m, 1, MidpointRounding.AwayFromZero), totals.GetProperty("collectionRate").GetDecimal());
    }

    [Fact]
    public async Task Bills_FuturePeriod_AreOpenNotOverdue()
    {
        var bills = await BillsAsync("2099-01", 1);
        using var client = await host.SignInAsync("finance");
        var json = await (await client.GetAsync("/api/bills?period=2099-01")).ReadJsonAsync();
        var row = Assert.Single(json.GetProperty("bills").EnumerateArray());
        Assert.Equal(bills[0].Id, row.GetProperty("id").GetGuid());
        Assert.Equal("open", row.GetProperty("collection").GetString());
        Assert.Equal("none", row.GetProperty("step").GetString());
    }

    [Fact]
    public async Task BillsCsv_Utf8WithBom_InvariantDecimals_ParsesBackToTheSameBills()
    {
        var bills = await BillsAsync("2026-04", 4);
        using var client = await host.SignInAsync("finance");
        using var response = await client.GetAsync("/api/bills.csv?period=2026-04");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("bills-2026-04.csv", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        Assert.StartsWith("账单号 Reference,", text, StringComparison.Ordinal);
        Assert.Contains(",100.25,", text, StringComparison.Ordinal);

        using var stream = new MemoryStream(bytes);
        var rows = BillCsv.Read(stream);
        Assert.Equal(4, rows.Count);
        var json = await (await client.GetAsync("/api/bills?period=2026-04")).ReadJsonAsync();
        foreach (var expected in json.GetProperty("bills").EnumerateArray())
        {
            var row = Assert.Single(rows, r => r.Id == expected.GetProperty("id").GetGuid());
            Assert.Equal(expected.GetProperty("reference").GetString(), row.Reference);
            Assert.Equal(expected.GetProperty("owner").GetString(), row.Owner);
            Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", row.Owner!); // Chinese names survive the round trip
            Assert.Equal(expected.GetProperty("principal").GetDecimal(), row.Principal);
            Assert.Equal(expected.GetProperty("outstanding").GetDecimal(), row.Outstanding);
            Assert.Equal(DateOnly.Parse(expected.GetProperty("dueDate").GetString()!, System.Globalization.CultureInfo.InvariantCulture), row.DueDate);
            Assert.Equal(CollectionStatus.Overdue, row.Collection);
        }

        Assert.Equal(bills.Select(b => b.Id).Order(), rows.Select(r => r.Id).Order());
    }

    [Fact]
    public async Task Surveys_ListAndResults_ResponseRateScoresAndUnsatisfiedItems()
    {
        var (community, units) = await DemoAsync(4);
        Guid id;
        await using (var db = Db())
        {
            var now = host.Clock.GetUtcNow();
            var survey = new Survey(Guid.NewGuid(), community.Id, "2026 第三季度满意度 Q3 satisfaction", "2026-09",
                [("cleaning", "保洁", "Cleaning"), ("security", "安保", "Security")]);
            survey.Open(units.Select(u => u.OwnerId!.Value), now);
            survey.Answer(survey.Invitations[0], new Dictionary<string, int> { ["cleaning"] = 5, ["security"] = 2 }, null, now);
            survey.Answer(survey.Invitations[1], new Dictionary<string, int> { ["cleaning"] = 4, ["security"] = 3 }, "门卫常不在 The guard is often away", now);
            survey.Close([.. survey.Invitations.SelectMany(i => i.Answers)], 80m, now);
            db.Surveys.Add(survey);
            await db.SaveChangesAsync();
            id = survey.Id;
        }

        using var client = await host.SignInAsync("customer-service");
        var list = await (await client.GetAsync("/api/surveys")).ReadJsonAsync();
        var row = Assert.Single(list.EnumerateArray(), s => s.GetProperty("id").GetGuid() == id);
        Assert.Equal(4, row.GetProperty("invited").GetInt32());
        Assert.Equal(2, row.GetProperty("responses").GetInt32());
        Assert.Equal(50.0m, row.GetProperty("responseRate").GetDecimal());
        Assert.Equal(50.0m, row.GetProperty("satisfaction").GetDecimal()); // 2 of 4 scores are 4–5
        Assert.Equal("closed", row.GetProperty("state").GetString());

        var results = await (await client.GetAsync($"/api/surveys/{id}")).ReadJsonAsync();
        var questions = results.GetProperty("questions").EnumerateArray().ToDictionary(q => q.GetProperty("item").GetString()!);
        Assert.Equal(100.0m, questions["cleaning"].GetProperty("satisfaction").GetDecimal());
        Assert.Equal(4.5m, questions["cleaning"].GetProperty("average").GetDecimal());
        Assert.False(questions["cleaning"].GetProperty("belowTarget").GetBoolean());
        Assert.Equal(0.0m, questions["security"].GetProperty("satisfaction").GetDecimal());
        Assert.True(questions["security"].GetProperty("belowTarget").GetBoolean());
        Assert.Equal(["security"], results.GetProperty("unsatisfiedItems").EnumerateArray().Select(i => i.GetString()));
        Assert.Empty(results.GetProperty("correctiveTasks").EnumerateArray()); // made by hand, not by the survey process
    }

    [Fact]
    public async Task Statements_ByPeriod_IncomeExpenseBalanceAndLines()
    {
        var (community, _) = await DemoAsync(0);
        await using (var db = Db())
        {
            var statement = new Statement(Guid.NewGuid(), community.Id, "2026-03");
            statement.AddLine(StatementLineKind.Income, "物业服务费 Service fees", 52000.50m);
            statement.AddLine(StatementLineKind.Expense, "保洁 Cleaning", 18000m);
            statement.AddLine(StatementLineKind.Expense, "电梯维保 Lift maintenance", 4200.25m);
            statement.Publish(host.Clock.GetUtcNow());
            db.Statements.Add(statement);
            await db.SaveChangesAsync();
        }

        using var client = await host.SignInAsync("finance");
        var list = await (await client.GetAsync("/api/statements?period=2026-03&community=SG")).ReadJsonAsync();
        var s = Assert.Single(list.EnumerateArray());
        Assert.Equal(52000.50m, s.GetProperty("income").GetDecimal());
        Assert.Equal(22200.25m, s.GetProperty("expense").GetDecimal());
        Assert.Equal(29800.25m, s.GetProperty("balance").GetDecimal());
        Assert.True(s.GetProperty("published").GetBoolean());
        Assert.Equal(["income", "expense", "expense"], s.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("kind").GetString()));
        var none = await (await client.GetAsync("/api/statements?period=1999-01")).ReadJsonAsync();
        Assert.Empty(none.EnumerateArray());
    }

    [Fact]
    public async Task Roles_FinanceSeesNoComplaints_CustomerServiceSeesNoBills()
    {
        using var finance = await host.SignInAsync("finance");
        await (await finance.GetAsync("/api/complaints")).AssertProblemAsync(HttpStatusCode.Forbidden);
        using var service = await host.SignInAsync("customer-service");
        await (await service.GetAsync("/api/bills.csv")).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await service.GetAsync("/api/statements")).AssertProblemAsync(HttpStatusCode.Forbidden);
    }
}
