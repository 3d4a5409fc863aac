using Microsoft.Playwright;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime;
using static Microsoft.Playwright.Assertions;

namespace PropertyFlow.Web.Tests.Pages;

/// <summary>
/// The monitor's instance list and instance page in real Chromium: the path and the waiting element marked on the
/// bpmn-js diagram, variables encoded and cut, retry, cancel and migrate through the REST API.
/// </summary>
public sealed class MonitorInstancePageTests(ConsoleHost host) : IClassFixture<ConsoleHost>
{
    /// <summary>start → first (user or external) → second (user) → end, drawn left to right.</summary>
    private static string Process(string key, string first, string second = """<bpmn:userTask id="fix" name="维修 Fix" camunda:candidateGroups="maintenance" />""") => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
            xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI"
            xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="defs" targetNamespace="http://propertyflow.test">
          <bpmn:process id="{key}" name="报修 Repair" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="record" />
            {first}
            <bpmn:sequenceFlow id="f2" sourceRef="record" targetRef="fix" />
            {second}
            <bpmn:sequenceFlow id="f3" sourceRef="fix" targetRef="end" />
            <bpmn:endEvent id="end" />
          </bpmn:process>
          <bpmndi:BPMNDiagram id="diagram">
            <bpmndi:BPMNPlane id="plane" bpmnElement="{key}">
              <bpmndi:BPMNShape id="start_di" bpmnElement="start"><dc:Bounds x="160" y="100" width="36" height="36" /></bpmndi:BPMNShape>
              <bpmndi:BPMNShape id="record_di" bpmnElement="record"><dc:Bounds x="260" y="78" width="100" height="80" /></bpmndi:BPMNShape>
              <bpmndi:BPMNShape id="fix_di" bpmnElement="fix"><dc:Bounds x="420" y="78" width="100" height="80" /></bpmndi:BPMNShape>
              <bpmndi:BPMNShape id="end_di" bpmnElement="end"><dc:Bounds x="580" y="100" width="36" height="36" /></bpmndi:BPMNShape>
              <bpmndi:BPMNEdge id="f1_di" bpmnElement="f1"><di:waypoint x="196" y="118" /><di:waypoint x="260" y="118" /></bpmndi:BPMNEdge>
              <bpmndi:BPMNEdge id="f2_di" bpmnElement="f2"><di:waypoint x="360" y="118" /><di:waypoint x="420" y="118" /></bpmndi:BPMNEdge>
              <bpmndi:BPMNEdge id="f3_di" bpmnElement="f3"><di:waypoint x="520" y="118" /><di:waypoint x="580" y="118" /></bpmndi:BPMNEdge>
            </bpmndi:BPMNPlane>
          </bpmndi:BPMNDiagram>
        </bpmn:definitions>
        """;

    private const int MonitorInstancesPageSize = PropertyFlow.Server.Pages.MonitorInstancesModel.PageSize;

    private const string RecordTask = """<bpmn:userTask id="record" name="登记 Record" camunda:candidateGroups="customer-service" />""";

    private const string RecordExternal = """<bpmn:serviceTask id="record" name="登记 Record" camunda:type="external" camunda:topic="record-remote" />""";

    private static ILocator Shape(IPage page, string elementId) => page.Locator($"#monitor-canvas g.djs-element[data-element-id='{elementId}']");

    private async Task CompleteRecordAsync(Guid instanceId)
    {
        var task = Assert.Single(await host.Engine.QueryTasksAsync(new TaskQuery { InstanceId = instanceId }));
        await host.Engine.CompleteTaskAsync(task.Id, TaskActor.System);
    }

    [Fact]
    public async Task InstancePage_WaitingElementAndPathMarked_VariablesEncodedAndCut()
    {
        await host.Engine.DeployAsync("mon-page.bpmn", Process("mon-page", RecordTask));
        var longText = string.Concat(Enumerable.Repeat("楼道灯不亮 hallway light out. ", 20)) + "END-OF-TEXT";
        var instance = await host.Engine.StartAsync("mon-page", new StartOptions
        {
            BusinessKey = "WO-7",
            Variables = new Dictionary<string, object?> { ["note"] = "<b>bold</b> & <script>alert(1)</script>", ["rooms"] = new List<object?> { 1201L, 1202L }, ["story"] = longText, ["urgent"] = true },
        });
        await CompleteRecordAsync(instance.Id);

        var page = await host.NewPageAsync("supervisor");
        await page.GotoAsync("/monitor/mon-page");
        await page.Locator("#monitor-instances-link").ClickAsync();
        var row = page.Locator($"#instances tr[data-instance='{instance.Id}']");
        await Expect(row).ToContainTextAsync("WO-7");
        await Expect(page.Locator("#filter-process")).ToHaveValueAsync("mon-page");
        await ConsoleHost.ScreenshotAsync(page, "monitor-instance-list");
        await row.Locator("a").ClickAsync();

        await Expect(page.Locator("#monitor-canvas[data-ready='true']")).ToBeVisibleAsync();
        await Expect(Shape(page, "fix")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bpf-active\b"));
        await Expect(Shape(page, "record")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bpf-done\b"));
        await Expect(Shape(page, "f1")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bpf-taken\b"));
        await Expect(Shape(page, "f3")).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bpf-taken\b"));
        await Expect(Shape(page, "end")).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bpf-done\b"));
        await Expect(page.Locator("#instance-waiting .pf-chip[data-element='fix']")).ToBeVisibleAsync();
        await Expect(page.Locator("#monitor-canvas .bjs-powered-by")).ToBeVisibleAsync();

        var note = page.Locator("#variables tr[data-variable='note']");
        await Expect(note).ToContainTextAsync("<b>bold</b> & <script>alert(1)</script>");
        await Expect(note.Locator("b, script")).ToHaveCountAsync(0);
        await Expect(page.Locator("#variables tr[data-variable='rooms']")).ToContainTextAsync("[1201,1202]");
        await Expect(page.Locator("#variables tr[data-variable='rooms']")).ToContainTextAsync("list");
        await Expect(page.Locator("#variables tr[data-variable='urgent']")).ToContainTextAsync("boolean");
        var story = page.Locator("#variables tr[data-variable='story']");
        await Expect(story.Locator("pre.pf-full-value")).Not.ToBeVisibleAsync();
        await Expect(story.Locator("summary")).Not.ToContainTextAsync("END-OF-TEXT");
        await story.Locator("summary").ClickAsync();
        await Expect(story.Locator("pre.pf-full-value")).ToContainTextAsync("END-OF-TEXT");
        await Expect(page.Locator("#history tr[data-kind='taskCompleted']")).ToHaveCountAsync(1);
        await ConsoleHost.ScreenshotAsync(page, "monitor-instance-waiting");
    }

    [Fact]
    public async Task InstanceList_FiltersAndPages()
    {
        await host.Engine.DeployAsync("mon-paging.bpmn", Process("mon-paging", RecordTask));
        for (var i = 0; i < MonitorInstancesPageSize + 1; i++)
        {
            await host.Engine.StartAsync("mon-paging", new StartOptions { BusinessKey = $"P-{i:D3}" });
        }

        var done = await host.Engine.StartAsync("mon-paging", new StartOptions { BusinessKey = "P-cancelled" });
        await host.Engine.CancelInstanceAsync(done.Id);

        var page = await host.NewPageAsync("supervisor");
        await page.GotoAsync("/monitor/instances?process=mon-paging&state=active");
        await Expect(page.Locator("#instances tbody tr")).ToHaveCountAsync(MonitorInstancesPageSize);
        await Expect(page.Locator("#page-prev")).ToHaveCountAsync(0);
        await page.Locator("#page-next").ClickAsync();
        await Expect(page.Locator("#instances tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#instances tbody tr")).ToContainTextAsync("P-050");
        await Expect(page.Locator("#filter-state")).ToHaveValueAsync("active");
        await Expect(page.Locator("#page-next")).ToHaveCountAsync(0);
        await Expect(page.Locator("#page-prev")).ToBeVisibleAsync();
        await ConsoleHost.ScreenshotAsync(page, "monitor-instance-list-page2");

        await page.Locator("#filter-state").SelectOptionAsync("cancelled");
        await page.Locator("#filter-apply").ClickAsync();
        await Expect(page.Locator("#instances tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#instances tbody tr")).ToHaveAttributeAsync("data-state", "cancelled");

        await page.GotoAsync("/monitor/instances?process=mon-paging&businessKey=P-007");
        await Expect(page.Locator("#instances tbody tr")).ToContainTextAsync("P-007");
        await Expect(page.Locator("#instances tbody tr")).ToHaveCountAsync(1);

        await page.GotoAsync("/monitor/instances?state=sleeping");
        await Expect(page.Locator("[role='alert']")).ToContainTextAsync("sleeping");
    }

    [Fact]
    public async Task InstancePage_Retry_ClearsTheIncident()
    {
        await host.Engine.DeployAsync("mon-retry.bpmn", Process("mon-retry", RecordExternal));
        var instance = await host.Engine.StartAsync("mon-retry");
        var locked = Assert.Single(await host.Engine.FetchAndLockAsync("w1", ["record-remote"], 1, TimeSpan.FromMinutes(5)));
        await host.Engine.HandleExternalTaskFailureAsync(locked.Id, "w1", "接口超时 timeout", null, 0, TimeSpan.Zero);

        var page = await host.NewPageAsync("supervisor");
        await page.GotoAsync($"/monitor/instances/{instance.Id}");
        await Expect(page.Locator("#monitor-canvas[data-ready='true']")).ToBeVisibleAsync();
        await Expect(Shape(page, "record")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bpf-incident\b"));
        var incident = page.Locator("#incidents tr[data-open='true']");
        await Expect(incident).ToContainTextAsync("接口超时 timeout");
        await Expect(page.Locator("#jobs tr[data-element='record']")).ToHaveAttributeAsync("data-job-state", "failed");
        await ConsoleHost.ScreenshotAsync(page, "monitor-instance-incident");

        await incident.Locator("button.pf-retry").ClickAsync();
        await Expect(page.Locator("#incidents tr[data-open='false']")).ToHaveCountAsync(1);
        await Expect(page.Locator("#incidents button.pf-retry")).ToHaveCountAsync(0);
        await Expect(Shape(page, "record")).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bpf-incident\b"));
        await Expect(page.Locator("#jobs tr[data-element='record']")).ToHaveAttributeAsync("data-job-state", "ready");
        Assert.Empty(await host.Engine.QueryIncidentsAsync(instance.Id));
        await ConsoleHost.ScreenshotAsync(page, "monitor-instance-retried");
    }

    [Fact]
    public async Task InstancePage_Cancel_AfterConfirmEndsTheInstance()
    {
        await host.Engine.DeployAsync("mon-cancel.bpmn", Process("mon-cancel", RecordTask));
        var instance = await host.Engine.StartAsync("mon-cancel");

        var page = await host.NewPageAsync("supervisor");
        await page.GotoAsync($"/monitor/instances/{instance.Id}");
        await Expect(page.Locator("#monitor-canvas[data-ready='true']")).ToBeVisibleAsync();
        await Expect(page.Locator("#migrate")).ToHaveCountAsync(0); // one version only, and supervisors do not migrate

        // No dialog handler yet: Playwright dismisses the confirm, so nothing happens.
        await page.Locator("#cancel-reason").FillAsync("业主撤回 owner withdrew");
        await page.Locator("#cancel").ClickAsync();
        await Expect(page.Locator("#instance-state")).ToHaveAttributeAsync("data-state", "active");
        Assert.Equal(InstanceStatus.Active, (await host.Engine.GetInstanceAsync(instance.Id)).Status);

        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await page.Locator("#cancel").ClickAsync();
        await Expect(page.Locator("#instance-state")).ToHaveAttributeAsync("data-state", "cancelled");
        await Expect(page.Locator("#cancel")).ToHaveCountAsync(0);
        var cancelled = page.Locator("#history tr[data-kind='instanceCancelled']").Last;
        await Expect(cancelled).ToContainTextAsync("supervisor");
        await Expect(cancelled).ToContainTextAsync("业主撤回 owner withdrew"); // the history's data shown readable, not as \u escapes
        Assert.Equal(InstanceStatus.Cancelled, (await host.Engine.GetInstanceAsync(instance.Id)).Status);
        await ConsoleHost.ScreenshotAsync(page, "monitor-instance-cancelled");
    }

    [Fact]
    public async Task InstancePage_Migrate_MovesToVersion2_AndARefusalShowsTheEnginesMessage()
    {
        await host.Engine.DeployAsync("mon-migrate.bpmn", Process("mon-migrate", RecordTask));
        var instance = await host.Engine.StartAsync("mon-migrate");
        await host.Engine.DeployAsync("mon-migrate.bpmn", Process("mon-migrate", RecordTask.Replace("登记 Record", "登记 Record v2", StringComparison.Ordinal)));

        var page = await host.NewPageAsync("manager");
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await page.GotoAsync($"/monitor/instances/{instance.Id}");
        await Expect(page.Locator("#instance-version")).ToHaveTextAsync("1");
        await Expect(page.Locator("#instance-newest")).ToContainTextAsync("2");
        await ConsoleHost.ScreenshotAsync(page, "monitor-instance-before-migrate");
        await page.Locator("#migrate").ClickAsync();
        await Expect(page.Locator("#instance-version")).ToHaveTextAsync("2");
        await Expect(page.Locator("#migrate")).ToHaveCountAsync(0);
        Assert.Equal(2, (await host.Engine.GetInstanceAsync(instance.Id)).Version);
        await Expect(page.Locator("#monitor-canvas[data-ready='true']")).ToBeVisibleAsync();
        await Expect(Shape(page, "record")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bpf-active\b"));
        await ConsoleHost.ScreenshotAsync(page, "monitor-instance-migrated");

        // Version 3 has no 'record': the engine refuses, the page says why, the instance stays on version 2.
        await host.Engine.DeployAsync("mon-migrate.bpmn", Process("mon-migrate", RecordTask).Replace("\"record\"", "\"intake\"", StringComparison.Ordinal)
            .Replace("record_di", "intake_di", StringComparison.Ordinal));
        await page.ReloadAsync();
        await page.Locator("#migrate").ClickAsync();
        await Expect(page.Locator("#action-error")).ToContainTextAsync("'record'");
        await Expect(page.Locator("#instance-version")).ToHaveTextAsync("2");
        Assert.Equal(2, (await host.Engine.GetInstanceAsync(instance.Id)).Version);
        await ConsoleHost.ScreenshotAsync(page, "monitor-instance-migrate-refused");
    }

    [Fact]
    public async Task TaskHistory_LinksToTheInstancePage_ForSupervisorsOnly()
    {
        await host.Engine.DeployAsync("mon-link.bpmn", Process("mon-link", RecordTask));
        var instance = await host.Engine.StartAsync("mon-link");
        var task = Assert.Single(await host.Engine.QueryTasksAsync(new TaskQuery { InstanceId = instance.Id }));

        var staff = await host.NewPageAsync("customer-service");
        await staff.GotoAsync($"/tasks/{task.Id}");
        await Expect(staff.Locator("#history")).ToBeVisibleAsync();
        await Expect(staff.Locator("#history-monitor-link")).ToHaveCountAsync(0);
        var refused = await staff.GotoAsync($"/monitor/instances/{instance.Id}");
        Assert.DoesNotContain("/monitor", new Uri(refused!.Url).AbsolutePath, StringComparison.Ordinal);

        var supervisor = await host.NewPageAsync("supervisor");
        await supervisor.GotoAsync($"/tasks/{task.Id}");
        await supervisor.Locator("#history-monitor-link").ClickAsync();
        await Expect(supervisor.Locator("#instance-state")).ToHaveAttributeAsync("data-state", "active");
        await Expect(supervisor.Locator("#monitor-canvas[data-ready='true']")).ToBeVisibleAsync();
        await ConsoleHost.ScreenshotAsync(supervisor, "monitor-instance-from-task");

        var missing = await supervisor.GotoAsync($"/monitor/instances/{Guid.NewGuid()}");
        Assert.Equal(404, missing!.Status);
        await Expect(supervisor.Locator("#instance-missing")).ToBeVisibleAsync();
    }
}
