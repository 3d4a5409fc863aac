using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PropertyFlow.Engine.Runtime;
using static Microsoft.Playwright.Assertions;

namespace PropertyFlow.Web.Tests.Pages;

/// <summary>
/// Migrate with an activity mapping from the monitor's instance page (a form with the anti-forgery token), and the
/// task page's history shown readable (no <c>\u003C</c> escapes, still HTML-encoded), and long words wrapping.
/// </summary>
public sealed class MonitorMigrateMappingTests(ConsoleHost host) : IClassFixture<ConsoleHost>
{
    /// <summary>start → <paramref name="waitId"/> (user task) → notify (external) → end.</summary>
    private static string Process(string key, string waitId, string waitName) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
            xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI"
            xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="defs" targetNamespace="http://propertyflow.test">
          <bpmn:process id="{key}" name="报修 Repair" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="{waitId}" />
            <bpmn:userTask id="{waitId}" name="{waitName}" camunda:candidateGroups="customer-service" />
            <bpmn:sequenceFlow id="f2" sourceRef="{waitId}" targetRef="notify" />
            <bpmn:serviceTask id="notify" name="通知 Notify" camunda:type="external" camunda:topic="mapping-notify" />
            <bpmn:sequenceFlow id="f3" sourceRef="notify" targetRef="end" />
            <bpmn:endEvent id="end" />
          </bpmn:process>
          <bpmndi:BPMNDiagram id="diagram">
            <bpmndi:BPMNPlane id="plane" bpmnElement="{key}">
              <bpmndi:BPMNShape id="start_di" bpmnElement="start"><dc:Bounds x="160" y="100" width="36" height="36" /></bpmndi:BPMNShape>
              <bpmndi:BPMNShape id="{waitId}_di" bpmnElement="{waitId}"><dc:Bounds x="260" y="78" width="100" height="80" /></bpmndi:BPMNShape>
              <bpmndi:BPMNShape id="notify_di" bpmnElement="notify"><dc:Bounds x="420" y="78" width="100" height="80" /></bpmndi:BPMNShape>
              <bpmndi:BPMNShape id="end_di" bpmnElement="end"><dc:Bounds x="580" y="100" width="36" height="36" /></bpmndi:BPMNShape>
              <bpmndi:BPMNEdge id="f1_di" bpmnElement="f1"><di:waypoint x="196" y="118" /><di:waypoint x="260" y="118" /></bpmndi:BPMNEdge>
              <bpmndi:BPMNEdge id="f2_di" bpmnElement="f2"><di:waypoint x="360" y="118" /><di:waypoint x="420" y="118" /></bpmndi:BPMNEdge>
              <bpmndi:BPMNEdge id="f3_di" bpmnElement="f3"><di:waypoint x="520" y="118" /><di:waypoint x="580" y="118" /></bpmndi:BPMNEdge>
            </bpmndi:BPMNPlane>
          </bpmndi:BPMNDiagram>
        </bpmn:definitions>
        """;

    private static ILocator Shape(IPage page, string elementId) => page.Locator($"#monitor-canvas g.djs-element[data-element-id='{elementId}']");

    [Fact]
    public async Task Migrate_WaitingElementRenamed_MapAToB_InstanceWaitsAtBInVersion2_AndHistoryKeepsTheMigration()
    {
        await host.Engine.DeployAsync("map.bpmn", Process("map-rename", "a", "登记 Record"));
        var instance = await host.Engine.StartAsync("map-rename", new StartOptions { BusinessKey = "MAP-1" });
        await host.Engine.DeployAsync("map.bpmn", Process("map-rename", "b", "登记 Record (new)"));

        var page = await host.NewPageAsync("manager");
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await page.GotoAsync($"/monitor/instances/{instance.Id}");
        await Expect(page.Locator("#instance-version")).ToHaveTextAsync("1");

        // 'a' has no counterpart in version 2: a select of version 2's user tasks (not the external 'notify'), zh labels.
        var select = page.Locator("#migrate-form select[name='map[a]']");
        await Expect(select).ToBeVisibleAsync();
        Assert.Equal(["", "b"], await select.EvaluateAsync<string[]>("s => [...s.options].map(o => o.value)"));
        await Expect(page.Locator("#migrate-form [data-map='a'] label")).ToContainTextAsync("等待于 登记 Record (a)");
        await Expect(select.Locator("option[value='b']")).ToHaveTextAsync("登记 Record (new) (b)");
        await Expect(page.Locator("#migrate-mapping-note")).ToContainTextAsync("同类");
        Assert.Equal(1, await page.Locator("#migrate-form input[name='__RequestVerificationToken']").CountAsync());
        await ConsoleHost.ScreenshotAsync(page, "monitor-migrate-mapping");

        // Left unmapped: the engine refuses, naming 'a'; nothing changes.
        await page.Locator("#migrate").ClickAsync();
        await Expect(page.Locator("#action-error")).ToBeVisibleAsync();
        await Expect(page.Locator("#action-error")).ToContainTextAsync("'a'");
        await Expect(page.Locator("#instance-version")).ToHaveTextAsync("1");
        Assert.Equal(1, (await host.Engine.GetInstanceAsync(instance.Id)).Version);
        await ConsoleHost.ScreenshotAsync(page, "monitor-migrate-unmapped-refused");

        // Mapped a → b: version 2, waiting at b; the page (redirected, not re-posted) shows it.
        await page.Locator("#migrate-form select[name='map[a]']").SelectOptionAsync("b");
        await page.Locator("#migrate").ClickAsync();
        await Expect(page.Locator("#instance-version")).ToHaveTextAsync("2");
        await Expect(page.Locator("#action-error")).ToBeHiddenAsync();
        Assert.Matches(new Regex($"/monitor/instances/{instance.Id}$"), page.Url);
        await Expect(page.Locator("#migrate")).ToHaveCountAsync(0);
        await Expect(page.Locator("#monitor-canvas[data-ready='true']")).ToBeVisibleAsync();
        await Expect(Shape(page, "b")).ToHaveClassAsync(new Regex(@"\bpf-active\b"));
        await Expect(page.Locator("#history tr[data-kind='instanceMigrated']")).ToHaveCountAsync(1);
        await ConsoleHost.ScreenshotAsync(page, "monitor-migrate-mapped");

        // Through the API: version 2, the token at b, the open task moved with it, the migration in the history.
        using var client = host.CreateClient();
        using (var detail = JsonDocument.Parse(await client.GetStringAsync(new Uri($"/api/instances/{instance.Id}", UriKind.Relative))))
        {
            Assert.Equal(2, detail.RootElement.GetProperty("version").GetInt32());
            Assert.Equal("map-rename:2", detail.RootElement.GetProperty("definitionId").GetString());
            var active = Assert.Single(detail.RootElement.GetProperty("activeElements").EnumerateArray());
            Assert.Equal("b", active.GetProperty("elementId").GetString());
        }

        using (var history = JsonDocument.Parse(await client.GetStringAsync(new Uri($"/api/instances/{instance.Id}/history", UriKind.Relative))))
        {
            var kinds = history.RootElement.EnumerateArray().Select(h => h.GetProperty("kind").GetString()).ToList();
            Assert.Contains("instanceMigrated", kinds);
            Assert.Contains("taskCreated", kinds); // the path before the migration is kept
        }

        var task = Assert.Single(await host.Engine.QueryTasksAsync(new TaskQuery { InstanceId = instance.Id }));
        Assert.Equal("b", task.ElementId);
    }

    [Fact]
    public async Task Migrate_EnglishLabels_AndAPostWithoutTheAntiForgeryToken_IsRefused()
    {
        await host.Engine.DeployAsync("map-en.bpmn", Process("map-en", "a", "Record"));
        var instance = await host.Engine.StartAsync("map-en");
        await host.Engine.DeployAsync("map-en.bpmn", Process("map-en", "b", "Record new"));

        var page = await host.NewPageAsync("manager");
        await page.GotoAsync($"/monitor/instances/{instance.Id}?culture=en");
        await Expect(page.Locator("#migrate-form [data-map='a'] label")).ToContainTextAsync("Waiting at Record (a)");
        await Expect(page.Locator("#migrate-form select[name='map[a]'] option[value='']")).ToHaveTextAsync("— choose —");
        await Expect(page.Locator("#migrate-mapping-note")).ToContainTextAsync("same kind");

        // The same post without the token: refused by anti-forgery, nothing migrated.
        var forged = await page.APIRequest.PostAsync($"/monitor/instances/{instance.Id}?handler=Migrate", new APIRequestContextOptions
        {
            Form = FormOf(page, ("target", "map-en:2"), ("map[a]", "b")),
            MaxRedirects = 0,
        });
        Assert.Equal(400, forged.Status);
        Assert.Equal(1, (await host.Engine.GetInstanceAsync(instance.Id)).Version);

        // A supervisor sees the instance but may not migrate: no form, and a post is forbidden.
        var supervisor = await host.NewPageAsync("supervisor");
        await supervisor.GotoAsync($"/monitor/instances/{instance.Id}");
        await Expect(supervisor.Locator("#migrate-form")).ToHaveCountAsync(0);
        var token = await supervisor.Locator("input[name='__RequestVerificationToken']").First.InputValueAsync();
        var refused = await supervisor.APIRequest.PostAsync($"/monitor/instances/{instance.Id}?handler=Migrate", new APIRequestContextOptions
        {
            Form = FormOf(supervisor, ("target", "map-en:2"), ("map[a]", "b"), ("__RequestVerificationToken", token)),
            MaxRedirects = 0,
        });
        Assert.True(refused.Status is 403 or 302, $"supervisor's post: {refused.Status}");
        if (refused.Status == 302)
        {
            Assert.DoesNotContain("/monitor/instances", refused.Headers["location"], StringComparison.Ordinal); // to the access-denied page
        }

        Assert.Equal(1, (await host.Engine.GetInstanceAsync(instance.Id)).Version);
    }

    [Fact]
    public async Task TaskPage_HistoryShowsValuesReadable_StillEncoded_AndLongWordsWrap()
    {
        var longWord = string.Concat(Enumerable.Repeat("Unbroken", 40));
        await host.Engine.DeployAsync("hist.bpmn", Process("map-hist", "a", longWord));
        var instance = await host.Engine.StartAsync("map-hist");
        var first = Assert.Single(await host.Engine.QueryTasksAsync(new TaskQuery { InstanceId = instance.Id }));
        await host.Engine.CompleteTaskAsync(first.Id, TaskActor.System,
            new Dictionary<string, object?> { ["note"] = "<b>x</b>", ["place"] = "3号楼 & 4号楼" });

        var page = await host.NewPageAsync("manager");
        await page.GotoAsync($"/tasks/{first.Id}");
        var history = page.Locator("#history");
        await Expect(history).ToBeVisibleAsync();
        var text = await history.InnerTextAsync();
        Assert.Contains("\"note\":\"<b>x</b>\"", text, StringComparison.Ordinal);
        Assert.Contains("3号楼 & 4号楼", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u003C", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\\u0026", text, StringComparison.OrdinalIgnoreCase);
        await Expect(history.Locator("b")).ToHaveCountAsync(0); // shown as text, never as markup

        // The (completed) task's 320-letter name wraps in the heading and the table instead of widening the page.
        var heading = page.Locator("#task-name");
        await Expect(heading).ToContainTextAsync(longWord);
        Assert.Equal("anywhere", await heading.EvaluateAsync<string>("h => getComputedStyle(h).overflowWrap"));
        Assert.Equal("anywhere", await history.Locator("td").First.EvaluateAsync<string>("td => getComputedStyle(td).overflowWrap"));
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        Assert.True(widths[0] <= widths[1], $"page {widths[0]}px wide in a {widths[1]}px window");
        await ConsoleHost.ScreenshotAsync(page, "task-history-readable");
    }

    private static IFormData FormOf(IPage page, params (string Name, string Value)[] fields)
    {
        var form = page.APIRequest.CreateFormData();
        foreach (var (name, value) in fields)
        {
            form.Set(name, value);
        }

        return form;
    }
}
