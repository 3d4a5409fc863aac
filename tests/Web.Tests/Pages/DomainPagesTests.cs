using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Tests.Shared;
using PropertyFlow.Workflows.Data;
using PropertyFlow.Workflows.Domain;
using PropertyFlow.Workflows.Queries;
using static Microsoft.Playwright.Assertions;

namespace PropertyFlow.Web.Tests.Pages;

/// <summary>The domain pages (/complaints, /bills, /surveys, /statements) in real Chromium, with data made by the domain and the shipped complaint process.</summary>
public sealed class DomainPagesTests(ConsoleHost host) : IClassFixture<ConsoleHost>
{
    private DateTimeOffset Now() => host.Services.GetRequiredService<TimeProvider>().GetUtcNow();

    private PropertyDbContext Db() => host.Services.GetRequiredService<IDbContextFactory<PropertyDbContext>>().CreateDbContext();

    [Fact]
    public async Task ComplaintDetail_ShowsThePromiseClock_WithTheTimesPromisedToTheOwner()
    {
        await host.Engine.DeployAsync("complaint.bpmn", await File.ReadAllTextAsync(DomainSeed.ShippedFile("complaint.bpmn")));
        var instance = await host.Engine.StartAsync("complaint", new StartOptions
        {
            Variables = new Dictionary<string, object?>
            {
                ["community"] = "SG",
                ["category"] = "service",
                ["description"] = "快递柜坏了 The parcel locker is broken",
                ["unit"] = "2-1-101",
                ["ownerEmail"] = "owner021@example.org",
            },
        });
        var variables = (await host.Engine.GetInstanceAsync(instance.Id)).Variables;
        var id = (string)variables["complaintId"]!;
        var responseDueAt = DateTimeOffset.Parse((string)variables["responseDueAt"]!, CultureInfo.InvariantCulture);
        var resolveDueAt = DateTimeOffset.Parse((string)variables["resolveDueAt"]!, CultureInfo.InvariantCulture);
        string Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, host.Engine.Options.TimeZone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

        var page = await host.NewPageAsync("customer-service");
        await page.GotoAsync("/complaints?category=service");
        await Expect(page.Locator($"#complaints tr[data-complaint-id='{id}']")).ToBeVisibleAsync();
        await ConsoleHost.ScreenshotAsync(page, "domain-complaints-list");

        await page.Locator($"#complaints tr[data-complaint-id='{id}'] a").ClickAsync();
        await Expect(page.Locator("#complaint-state")).ToHaveTextAsync("情绪安抚");
        var contact = page.Locator("#promise-clock tr[data-step='contact']");
        await Expect(contact.Locator(".pf-committed")).ToHaveTextAsync(Local(responseDueAt));
        await Expect(contact).ToHaveAttributeAsync("data-status", "OnTime");
        await Expect(contact.Locator(".pf-left")).Not.ToHaveTextAsync("—");
        await Expect(page.Locator("#promise-clock tr[data-step='resolve'] .pf-committed")).ToHaveTextAsync(Local(resolveDueAt));
        await Expect(page.Locator("#complaint-tasks")).ToContainTextAsync("情绪安抚");
        await Expect(page.Locator("#complaint-history")).ToContainTextAsync("情绪安抚");
        await ConsoleHost.ScreenshotAsync(page, "domain-complaint-clock-zh");

        await page.Locator("#lang-en").ClickAsync();
        await Expect(page.Locator("#promise-clock")).ToContainTextAsync("In progress, on time");
        await ConsoleHost.ScreenshotAsync(page, "domain-complaint-clock-en");
    }

    [Fact]
    public async Task ComplaintWithScriptInDescription_ShowsAsText()
    {
        const string Hostile = "<script>window.pwned = 1</script><img src=x onerror=\"window.pwned = 2\">";
        var id = await DomainSeed.ComplaintAsync(host.Services, Now(), "noise", Severity.Normal, Hostile);

        var page = await host.NewPageAsync("supervisor");
        await page.GotoAsync($"/complaints/{id}");
        await Expect(page.Locator("#complaint-description")).ToHaveTextAsync(Hostile);
        await Expect(page.Locator("#complaint-instance")).ToContainTextAsync("没有关联的流程实例");
        Assert.Equal("undefined", await page.EvaluateAsync<string>("typeof window.pwned"));
        await page.GotoAsync("/complaints?category=noise");
        await Expect(page.Locator($"#complaints tr[data-complaint-id='{id}'] .pf-text")).ToContainTextAsync("<script>");
        Assert.Equal("undefined", await page.EvaluateAsync<string>("typeof window.pwned"));
        await ConsoleHost.ScreenshotAsync(page, "domain-complaint-script-as-text");
    }

    [Fact]
    public async Task BillsPage_ShowsCollectionStatus_AndExportsCsvThatParsesBack()
    {
        var ids = (await DomainSeed.BillsAsync(host.Services, "2026-02", 3, 223.75m, "物业服务费 2.50×89.50m²=223.75")).Select(b => b.Id).ToList();
        await using (var db = Db())
        {
            var first = await db.Bills.SingleAsync(b => b.Id == ids[0]);
            first.ApplyPayment(223.75m, Now());
            await db.SaveChangesAsync();
        }

        var page = await host.NewPageAsync("finance");
        await page.GotoAsync("/bills?period=2026-02");
        await Expect(page.Locator($"#bills tr[data-bill-id='{ids[0]}']")).ToHaveAttributeAsync("data-collection", "Paid");
        await Expect(page.Locator($"#bills tr[data-bill-id='{ids[1]}']")).ToHaveAttributeAsync("data-collection", "Overdue");
        await Expect(page.Locator("#bill-rate")).ToHaveTextAsync("33.3 %");
        await Expect(page.Locator("#nav-complaints")).ToHaveCountAsync(0); // finance does not see complaints
        await ConsoleHost.ScreenshotAsync(page, "domain-bills");

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#bills-export").ClickAsync());
        Assert.Equal("bills-2026-02.csv", download.SuggestedFilename);
        var path = Path.Combine(ConsoleHost.ArtifactsDir, "domain-bills-2026-02.csv");
        await download.SaveAsAsync(path);
        var bytes = await File.ReadAllBytesAsync(path);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        await using var stream = File.OpenRead(path);
        var rows = BillCsv.Read(stream);
        Assert.Equal(ids.Order(), rows.Select(r => r.Id).Order());
        Assert.All(rows, r => Assert.Equal(223.75m, r.Principal));
        Assert.Equal(CollectionStatus.Paid, rows.Single(r => r.Id == ids[0]).Collection);
    }

    [Fact]
    public async Task SurveysAndStatements_ShowResults()
    {
        Guid surveyId;
        await using (var db = Db())
        {
            var community = await db.Communities.SingleAsync(c => c.Code == "SG");
            var owners = await db.Units.Where(u => u.CommunityId == community.Id).OrderBy(u => u.Number).Take(2).Select(u => u.OwnerId!.Value).ToListAsync();
            var survey = new Survey(Guid.NewGuid(), community.Id, "满意度调查 Satisfaction", "2026-06", [("repair", "维修及时", "Repair speed")]);
            survey.Open(owners, Now());
            survey.Answer(survey.Invitations[0], new Dictionary<string, int> { ["repair"] = 2 }, null, Now());
            db.Surveys.Add(survey);
            var statement = new Statement(Guid.NewGuid(), community.Id, "2026-06");
            statement.AddLine(StatementLineKind.Income, "物业服务费", 1000m);
            statement.AddLine(StatementLineKind.Expense, "保洁", 400m);
            db.Statements.Add(statement);
            await db.SaveChangesAsync();
            surveyId = survey.Id;
        }

        var page = await host.NewPageAsync("manager");
        await page.GotoAsync("/surveys");
        await page.Locator($"#surveys tr[data-survey-id='{surveyId}'] a").ClickAsync();
        await Expect(page.Locator("#survey-rate")).ToHaveTextAsync("50.0 %");
        await Expect(page.Locator("#survey-questions tr[data-item='repair']")).ToContainTextAsync("低于目标");
        await ConsoleHost.ScreenshotAsync(page, "domain-survey");
        await page.GotoAsync("/statements?period=2026-06");
        await Expect(page.Locator(".pf-statement .pf-balance")).ToHaveTextAsync("600.00");
        await ConsoleHost.ScreenshotAsync(page, "domain-statements");
    }

    [Fact]
    public async Task Maintenance_SeesNoDomainPages()
    {
        var page = await host.NewPageAsync("maintenance");
        var response = await page.GotoAsync("/bills");
        Assert.DoesNotContain("/bills", new Uri(response!.Url).AbsolutePath, StringComparison.Ordinal);
        await Expect(page.Locator("#nav-bills")).ToHaveCountAsync(0);
        await Expect(page.Locator("#nav-complaints")).ToHaveCountAsync(0);
    }
}
