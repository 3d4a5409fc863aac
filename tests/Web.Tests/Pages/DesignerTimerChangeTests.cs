using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Workflows.Domain;
using static Microsoft.Playwright.Assertions;

namespace PropertyFlow.Web.Tests.Pages;

/// <summary>
/// The console host with the server's clock in the test's hand: a <see cref="FakeTimeProvider"/> standing on a working
/// morning in Shanghai (Wednesday 2026-12-02 10:00 +08:00), so working-time timers count like wall time for the next hours.
/// Due work is run by <see cref="ProcessEngine.AdvanceClockAsync"/> as the clock moves; Hangfire's delayed jobs are keyed to
/// the fake date and never come due on their own during the test.
/// </summary>
public sealed class ClockedConsoleHost : ConsoleHost
{
    public static readonly DateTimeOffset WorkingMorning = new(2026, 12, 2, 10, 0, 0, TimeSpan.FromHours(8));

    public FakeTimeProvider Clock { get; } = new(WorkingMorning);

    protected override void ConfigureTestServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);

    /// <summary>Moves the server's clock to <paramref name="instant"/>, firing every timer and job at its own moment.</summary>
    public Task AdvanceToAsync(DateTimeOffset instant) => Engine.AdvanceClockAsync(instant, Clock.SetUtcNow);
}

/// <summary>
/// Issue 4's designer scenario: a manager changes the complaint process's calm-step time limit from PT30M to PT15M in
/// the properties panel, deploys version 2, and a new complaint escalates after 15 minutes (not after 14).
/// </summary>
public sealed class DesignerTimerChangeTests(ClockedConsoleHost host) : IClassFixture<ClockedConsoleHost>
{
    [Fact]
    public async Task Manager_ChangesCalmTimerInPanel_DeploysV2_NewComplaintEscalatesAfter15Minutes()
    {
        var shipped = await File.ReadAllTextAsync(Path.Combine(ShippedProcessesTests.WorkflowsFolder(), "complaint.bpmn"));
        await host.Engine.DeployAsync("complaint.bpmn", shipped);

        // 1. The manager opens the complaint process (version 1) in the designer.
        var page = await host.NewPageAsync("manager");
        await page.GotoAsync("/designer/complaint");
        await Expect(page.Locator("body[data-designer-ready='true'][data-validated]")).ToHaveCountAsync(1);
        await Expect(page.Locator("#canvas [data-element-id='calm']")).ToBeVisibleAsync();
        await ConsoleHost.ScreenshotAsync(page, "timer-change-1-opened");

        // 2. The calm step's limit lives in "设置承诺时限 / set the promised times": its script, edited in the panel's field.
        await ClickElementAsync(page, "setDefaults");
        var script = page.Locator("#properties [data-group-id='group-CamundaPlatform__Script']");
        await script.Locator(".bio-properties-panel-group-header").ClickAsync();
        var field = script.Locator("[data-entry-id='scriptValue'] textarea");
        var text = await field.InputValueAsync();
        Assert.Contains("def('calmWithin', 'PT30M');", text, StringComparison.Ordinal);
        await field.FillAsync(text.Replace("def('calmWithin', 'PT30M');", "def('calmWithin', 'PT15M');", StringComparison.Ordinal));
        await field.PressAsync("Tab");
        await page.WaitForFunctionAsync("async () => (await window.pfModeler.saveXML()).xml.includes(\"def('calmWithin', 'PT15M');\")");
        await ConsoleHost.ScreenshotAsync(page, "timer-change-2-edited");

        // The escalation timers read that limit, counted in working time.
        await ClickElementAsync(page, "calm_handlerLate");
        var timer = page.Locator("#properties [data-group-id='group-timer']");
        await timer.Locator(".bio-properties-panel-group-header").ClickAsync();
        await Expect(timer.Locator("[data-entry-id='timerEventDefinitionValue'] input")).ToHaveValueAsync("${calmWithin}");
        await Expect(timer.Locator("[data-entry-id='pfWorkingTime'] input")).ToBeCheckedAsync();

        // 3. Deploy: version 2 opens, listed beside version 1.
        await page.ClickAsync("#deploy");
        await page.WaitForURLAsync(new Regex("/designer/complaint(:|%3A)2$"));
        await Expect(page.Locator("body[data-designer-ready='true']")).ToHaveCountAsync(1);
        await Expect(page.Locator("#versions li")).ToHaveCountAsync(2);
        await Expect(page.Locator("#versions li[data-version='2'] strong")).ToBeVisibleAsync();
        await ConsoleHost.ScreenshotAsync(page, "timer-change-3-deployed-v2");
        var versions = await host.Engine.QueryDefinitionsAsync("complaint");
        Assert.Equal([1, 2], versions.Select(v => v.Version));
        Assert.Contains("def('calmWithin', 'PT15M');", versions[1].Xml, StringComparison.Ordinal);

        // 4. A new complaint runs on version 2: the calm task is due in 15 working minutes.
        var start = host.Clock.GetUtcNow();
        var instance = await host.Engine.StartAsync("complaint", new StartOptions
        {
            Variables = new Dictionary<string, object?>
            {
                ["community"] = DemoSeeder.CommunityCode,
                ["category"] = "service",
                ["description"] = "楼道灯坏了 The stairwell light is out",
                ["unit"] = "1-1-101",
                ["ownerEmail"] = "owner@example.org",
            },
        });
        Assert.Equal("complaint:2", instance.DefinitionId);
        await host.AdvanceToAsync(start);
        var tasks = await host.Engine.QueryTasksAsync(new TaskQuery { InstanceId = instance.Id });
        if (!tasks.Any(t => t.ElementId == "calm"))
        {
            var now = await host.Engine.GetInstanceAsync(instance.Id);
            var incidents = await host.Engine.QueryIncidentsAsync(instance.Id);
            var jobs = await host.Engine.QueryJobsAsync(instance.Id);
            Assert.Fail($"no calm task: {now.Status} at [{string.Join(", ", now.ActiveElements.Select(a => $"{a.ElementId}:{a.Status}"))}]; "
                + $"incidents [{string.Join(" | ", incidents.Select(i => $"{i.ElementId}: {i.Message}"))}]; jobs [{string.Join(", ", jobs.Select(j => $"{j.Kind} {j.State} {j.DueAt:O}"))}]");
        }

        var calm = Assert.Single(tasks, t => t.ElementId == "calm");
        Assert.Equal(start.AddMinutes(15), calm.DueAt);

        // 5. At +14 minutes nothing has escalated; at +15 the handler rung fires (escalation level 1).
        await host.AdvanceToAsync(start.AddMinutes(14));
        Assert.Equal(0L, (await host.Engine.GetInstanceAsync(instance.Id)).Variables["escalationLevel"]);
        await host.AdvanceToAsync(start.AddMinutes(15));
        Assert.Equal(1L, (await host.Engine.GetInstanceAsync(instance.Id)).Variables["escalationLevel"]);

        // The tasklist shows the escalated calm task.
        await page.GotoAsync("/tasks");
        await Expect(page.Locator("body")).ToContainTextAsync("情绪安抚");
        await ConsoleHost.ScreenshotAsync(page, "timer-change-4-escalated");
    }

    /// <summary>Pans the element to the middle of the canvas (the palette covers the left edge of a large diagram), then clicks it.</summary>
    private static async Task ClickElementAsync(Microsoft.Playwright.IPage page, string id)
    {
        await page.EvaluateAsync(
            """
            id => {
              const canvas = window.pfModeler.get('canvas');
              const element = window.pfModeler.get('elementRegistry').get(id);
              const box = canvas.viewbox();
              canvas.viewbox({ x: element.x + element.width / 2 - box.width / 2, y: element.y + element.height / 2 - box.height / 2, width: box.width, height: box.height });
            }
            """,
            id);
        await page.Locator($"#canvas [data-element-id='{id}']").ClickAsync();
    }
}
