using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Workflows.Data;
using PropertyFlow.Workflows.Domain;
using static Microsoft.Playwright.Assertions;

namespace PropertyFlow.Web.Tests.Pages;

/// <summary>
/// The KPI dashboard (<c>/dashboard</c>) in real Chromium: every chart is drawn (its canvas has painted pixels),
/// hovering shows the numbers, the tables under the charts hold the same numbers, and an empty range says so.
/// </summary>
public sealed class DashboardPageTests(ConsoleHost host) : IClassFixture<ConsoleHost>
{
    private static readonly string[] Charts = ["timeliness", "escalations", "reopens", "collection", "satisfaction", "tasks"];

    private const string Review = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
            id="defs" targetNamespace="http://propertyflow.test">
          <bpmn:process id="dash-review" name="复核 Review" isExecutable="true">
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="handle" />
            <bpmn:userTask id="handle" name="处理 Handle" camunda:candidateGroups="supervisor" />
            <bpmn:sequenceFlow id="f2" sourceRef="handle" targetRef="check" />
            <bpmn:userTask id="check" name="复核 Check" camunda:candidateGroups="customer-service" />
            <bpmn:sequenceFlow id="f3" sourceRef="check" targetRef="e" />
            <bpmn:endEvent id="e" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    private static DateOnly Today()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone).DateTime);
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>This month in SG: two complaints (one closed on time, one reopened), bills half collected, a survey, an escalation, open tasks.</summary>
    private async Task SeedThisMonthAsync()
    {
        await using var db = host.Services.GetRequiredService<IDbContextFactory<PropertyDbContext>>().CreateDbContext();
        if (await db.Complaints.AnyAsync())
        {
            return;
        }

        var now = DateTimeOffset.UtcNow;
        var period = Periods.Of(Today());
        var sg = await db.Communities.SingleAsync(c => c.Code == "SG");
        var onTime = new Complaint(Guid.NewGuid(), sg.Id, null, null, "service", "电梯异响 lift noise", Severity.Normal, now.AddMinutes(-30));
        onTime.StartResolving(now.AddMinutes(-25));
        onTime.Resolve("已检修 serviced", now.AddMinutes(-20));
        onTime.Close(true, now.AddMinutes(-10));
        var reopened = new Complaint(Guid.NewGuid(), sg.Id, null, null, "environment", "垃圾未清 waste left", Severity.Low, now.AddMinutes(-29));
        reopened.StartResolving(now.AddMinutes(-25));
        reopened.Resolve("已清理 cleared", now.AddMinutes(-20));
        reopened.Reopen("又堆满了 full again", now.AddMinutes(-5));
        db.Complaints.AddRange(onTime, reopened);

        var units = await db.Units.Where(u => u.CommunityId == sg.Id).OrderBy(u => u.Number).Take(2).ToListAsync();
        var first = Periods.FirstDay(period);
        var paid = new Bill(Guid.NewGuid(), sg, units[0], period, 150m, "物业服务费", first.AddDays(9), 15, 0.0005m, now.AddDays(-1));
        paid.ApplyPayment(150m, now);
        var unpaid = new Bill(Guid.NewGuid(), sg, units[1], period, 150m, "物业服务费", first.AddDays(9), 15, 0.0005m, now.AddDays(-1));
        db.Bills.AddRange(paid, unpaid);

        var survey = new Survey(Guid.NewGuid(), sg.Id, "本月满意度 This month", period, [("service-attitude", "服务态度", "Service attitude")]);
        survey.Open(units.Select(u => u.OwnerId!.Value), now.AddHours(-2));
        survey.Answer(survey.Invitations[0], new Dictionary<string, int> { ["service-attitude"] = 5 }, null, now.AddHours(-1));
        survey.Answer(survey.Invitations[1], new Dictionary<string, int> { ["service-attitude"] = 4 }, null, now.AddHours(-1));
        survey.Close([.. survey.Invitations.SelectMany(i => i.Answers)], 80m, now.AddMinutes(-1));
        db.Surveys.Add(survey);
        await db.SaveChangesAsync();

        // The engine side: a supervisor escalates one review (escalationLevel 2); another waits for a supervisor.
        await host.Engine.DeployAsync("dash-review.bpmn", Review);
        var escalated = await host.Engine.StartAsync("dash-review");
        var task = Assert.Single(await host.Engine.QueryTasksAsync(new TaskQuery { InstanceId = escalated.Id }));
        await host.Engine.CompleteTaskAsync(task.Id, new TaskActor("supervisor", ["supervisor"]), new Dictionary<string, object?> { ["escalationLevel"] = 2 });
        await host.Engine.StartAsync("dash-review");
    }

    private static Task<int> PaintedPixelsAsync(IPage page, string chart) => page.EvaluateAsync<int>(
        """
        id => {
          const canvas = document.getElementById(id);
          const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
          let painted = 0;
          for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
          return painted;
        }
        """, "chart-" + chart);

    [Fact]
    public async Task Dashboard_SeededMonth_DrawsEveryChartAndShowsNumbersOnHover()
    {
        await SeedThisMonthAsync();
        var today = Today();
        var page = await host.NewPageAsync("manager");
        await page.GotoAsync($"/dashboard?from={Day(new DateOnly(today.Year, today.Month, 1))}&to={Day(today)}&culture=en");
        await Expect(page.Locator("h1")).ToHaveTextAsync("KPI dashboard");
        await Expect(page.Locator("body[data-dashboard='ready']")).ToHaveCountAsync(1);
        await ConsoleHost.ScreenshotAsync(page, "dashboard-1-charts");

        foreach (var chart in Charts)
        {
            await Expect(page.Locator($"figure[data-chart='{chart}']")).ToHaveAttributeAsync("data-ready", "true");
            var painted = await PaintedPixelsAsync(page, chart);
            Assert.True(painted > 500, $"chart {chart}: only {painted} painted pixels");
        }

        // Hover: one month in range, so anywhere over the collection chart shows March's... this month's rate.
        var collection = page.Locator("#chart-collection");
        var box = (await collection.BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(box.X + (box.Width / 2), box.Y + (box.Height / 2));
        var tip = page.Locator("figure[data-chart='collection'] .pf-chart-tip");
        await Expect(tip).ToBeVisibleAsync();
        await Expect(tip).ToContainTextAsync(Periods.Of(today));
        await Expect(tip).ToContainTextAsync("Collection rate (%): 50.0");
        await ConsoleHost.ScreenshotAsync(page, "dashboard-2-hover-collection");

        var satisfaction = (await page.Locator("#chart-satisfaction").BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(satisfaction.X + (satisfaction.Width / 2), satisfaction.Y + (satisfaction.Height / 2));
        await Expect(page.Locator("figure[data-chart='satisfaction'] .pf-chart-tip")).ToContainTextAsync("Satisfaction (%): 100.0");
        await Expect(tip).ToBeHiddenAsync();
        await ConsoleHost.ScreenshotAsync(page, "dashboard-3-hover-satisfaction");

        // The text version: the same numbers in tables.
        await page.Locator("#table-months summary").ClickAsync();
        await Expect(page.Locator($"#table-months tr[data-month='{Periods.Of(today)}']")).ToContainTextAsync("50.0 %");
        await page.Locator("#table-tasks summary").ClickAsync();
        await Expect(page.Locator("#table-tasks tr[data-role='supervisor']")).ToContainTextAsync("Supervisor");
        await page.Locator("#table-weeks summary").ClickAsync();
        await Expect(page.Locator("#table-weeks tbody tr").Last).ToContainTextAsync("50.0 %");
        await ConsoleHost.ScreenshotAsync(page, "dashboard-4-tables");
    }

    [Fact]
    public async Task Dashboard_RangeWithoutData_SaysSoInChinese()
    {
        var page = await host.NewPageAsync("supervisor");
        await page.GotoAsync("/dashboard?from=2020-01-01&to=2020-02-29&culture=zh-CN");
        await Expect(page.Locator("body[data-dashboard='ready']")).ToHaveCountAsync(1);
        foreach (var chart in new[] { "timeliness", "escalations", "reopens", "collection", "satisfaction" })
        {
            var figure = page.Locator($"figure[data-chart='{chart}']");
            await Expect(figure).ToHaveAttributeAsync("data-ready", "empty");
            await Expect(figure.Locator(".pf-chart-empty")).ToHaveTextAsync("暂无数据");
            await Expect(figure.Locator("canvas")).ToBeHiddenAsync();
        }

        await ConsoleHost.ScreenshotAsync(page, "dashboard-5-empty");
    }

    [Fact]
    public async Task Dashboard_BackwardsRange_ShowsTheReasonAndKeepsTheInput()
    {
        var page = await host.NewPageAsync("admin");
        await page.GotoAsync("/dashboard?from=2026-05-01&to=2026-04-01&culture=en");
        await Expect(page.Locator("#dashboard-error")).ToContainTextAsync("after it ends");
        await Expect(page.Locator("#dashboard-from")).ToHaveValueAsync("2026-05-01");
        await Expect(page.Locator("#dashboard-to")).ToHaveValueAsync("2026-04-01");
        await ConsoleHost.ScreenshotAsync(page, "dashboard-6-error");
    }

    [Fact]
    public async Task Dashboard_Staff_AreRefused()
    {
        var page = await host.NewPageAsync("customer-service");
        var response = await page.GotoAsync("/dashboard");
        Assert.DoesNotContain("/dashboard", new Uri(response!.Url).AbsolutePath, StringComparison.Ordinal);
        await Expect(page.Locator("#nav-dashboard")).ToHaveCountAsync(0);
    }
}
