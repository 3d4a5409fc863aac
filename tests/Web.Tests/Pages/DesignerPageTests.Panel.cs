using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PropertyFlow.Workflows.Domain;
using static Microsoft.Playwright.Assertions;

namespace PropertyFlow.Web.Tests.Pages;

/// <summary>The properties panel kept to the engine's subset, the role picker, the working-time checkbox, and the simulator.</summary>
public sealed partial class DesignerPageTests
{
    // A user task with a due date and a boundary timer, and a service task: every place the subset panel changes.
    private const string Inspect = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
            xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI"
            xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="defs" targetNamespace="http://propertyflow.test">
          <bpmn:process id="inspect" name="巡检 Inspect" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="check" />
            <bpmn:userTask id="check" name="检查 Check" camunda:candidateGroups="maintenance" camunda:dueDate="PT1H" />
            <bpmn:boundaryEvent id="late" name="超时 Late" cancelActivity="false" attachedToRef="check">
              <bpmn:timerEventDefinition id="late_def"><bpmn:timeDuration>PT2H</bpmn:timeDuration></bpmn:timerEventDefinition>
            </bpmn:boundaryEvent>
            <bpmn:sequenceFlow id="f2" sourceRef="check" targetRef="report" />
            <bpmn:serviceTask id="report" name="报告 Report" camunda:type="external" camunda:topic="inspection.report" />
          </bpmn:process>
          <bpmndi:BPMNDiagram id="diagram">
            <bpmndi:BPMNPlane id="plane" bpmnElement="inspect">
              <bpmndi:BPMNShape id="start_di" bpmnElement="start"><dc:Bounds x="160" y="100" width="36" height="36" /></bpmndi:BPMNShape>
              <bpmndi:BPMNShape id="check_di" bpmnElement="check"><dc:Bounds x="260" y="78" width="100" height="80" /></bpmndi:BPMNShape>
              <bpmndi:BPMNShape id="late_di" bpmnElement="late"><dc:Bounds x="292" y="140" width="36" height="36" /></bpmndi:BPMNShape>
              <bpmndi:BPMNShape id="report_di" bpmnElement="report"><dc:Bounds x="420" y="78" width="100" height="80" /></bpmndi:BPMNShape>
              <bpmndi:BPMNEdge id="f1_di" bpmnElement="f1"><di:waypoint x="196" y="118" /><di:waypoint x="260" y="118" /></bpmndi:BPMNEdge>
              <bpmndi:BPMNEdge id="f2_di" bpmnElement="f2"><di:waypoint x="360" y="118" /><di:waypoint x="420" y="118" /></bpmndi:BPMNEdge>
            </bpmndi:BPMNPlane>
          </bpmndi:BPMNDiagram>
        </bpmn:definitions>
        """;

    private static readonly string[] UnsupportedGroups =
    [
        "CamundaPlatform__ExecutionListener", "CamundaPlatform__TaskListener", "CamundaPlatform__FieldInjection",
        "CamundaPlatform__ConnectorInput", "CamundaPlatform__ExtensionProperties",
        "CamundaPlatform__HistoryCleanup", "CamundaPlatform__Tasklist",
    ];

    [Fact]
    public async Task Panel_UserTask_OffersOnlyEngineGroups_RolePickerAndWorkingTimeWriteTheXml()
    {
        var page = await host.NewPageAsync();
        await page.GotoAsync("/designer");
        await ReadyAsync(page);
        await UploadAsync(page, "inspect.bpmn", Inspect);

        await page.Locator("#canvas [data-element-id='check']").ClickAsync();
        var panel = page.Locator("#properties");
        await Expect(panel.Locator("[data-group-id='group-CamundaPlatform__UserAssignment']")).ToBeVisibleAsync();
        await Expect(panel.Locator("[data-group-id='group-CamundaPlatform__Form']")).ToBeVisibleAsync();
        foreach (var group in UnsupportedGroups)
        {
            await Expect(panel.Locator($"[data-group-id='group-{group}']")).ToHaveCountAsync(0);
        }

        // Chinese labels from our dictionary (the page is Chinese by default).
        var assignment = panel.Locator("[data-group-id='group-CamundaPlatform__UserAssignment']");
        await Expect(assignment.Locator(".bio-properties-panel-group-header")).ToContainTextAsync("任务分配");
        await assignment.Locator(".bio-properties-panel-group-header").ClickAsync();

        // The candidate-group picker lists every staff role (Workflows.Domain.Roles), the current one ticked.
        var roles = assignment.Locator("[data-entry-id='pfCandidateGroupRoles'] input[type=checkbox]");
        await Expect(roles).ToHaveCountAsync(Roles.All.Count);
        Assert.Equal(Roles.All, await roles.EvaluateAllAsync<string[]>("inputs => inputs.map(i => i.value)"));
        await Expect(assignment.Locator("[data-entry-id='pfCandidateGroupRoles']")).ToContainTextAsync("主管 (supervisor)");
        await Expect(assignment.Locator("input[value='maintenance']")).ToBeCheckedAsync();
        await assignment.Locator("input[value='supervisor']").CheckAsync();
        Assert.Contains("camunda:candidateGroups=\"maintenance,supervisor\"", await XmlAsync(page), StringComparison.Ordinal);
        await assignment.Locator("input[value='maintenance']").UncheckAsync();
        Assert.Contains("camunda:candidateGroups=\"supervisor\"", await XmlAsync(page), StringComparison.Ordinal);

        // Working time beside the due date writes pf:calendar="working" (the pf namespace is declared by the moddle extension).
        var working = assignment.Locator("[data-entry-id='pfWorkingTime']");
        await Expect(working).ToContainTextAsync("工作时间");
        await working.Locator("input[type=checkbox]").CheckAsync();
        var xml = await XmlAsync(page);
        Assert.Matches(new Regex("<bpmn:userTask id=\"check\"[^>]* pf:calendar=\"working\""), xml);
        Assert.Contains("xmlns:pf=\"http://propertyflow.org/schema/1.0/bpmn\"", xml, StringComparison.Ordinal);
        await ConsoleHost.ScreenshotAsync(page, "designer-panel-user-task");

        // The boundary timer: duration, and the same checkbox in the timer group.
        await page.Locator("#canvas [data-element-id='late']").ClickAsync();
        var timer = panel.Locator("[data-group-id='group-timer']");
        await timer.Locator(".bio-properties-panel-group-header").ClickAsync();
        await timer.Locator("[data-entry-id='pfWorkingTime'] input[type=checkbox]").CheckAsync();
        Assert.Matches(new Regex("<bpmn:boundaryEvent id=\"late\"[^>]* pf:calendar=\"working\""), await XmlAsync(page));
        await ConsoleHost.ScreenshotAsync(page, "designer-panel-timer");

        // Service task: one external-topic field instead of Java class / expression / connector choices.
        await page.Locator("#canvas [data-element-id='report']").ClickAsync();
        var implementation = panel.Locator("[data-group-id='group-CamundaPlatform__Implementation']");
        await implementation.Locator(".bio-properties-panel-group-header").ClickAsync();
        await Expect(implementation.Locator("[data-entry-id='implementationType']")).ToHaveCountAsync(0);
        var topic = implementation.Locator("[data-entry-id='pfExternalTopic'] input");
        await Expect(topic).ToHaveValueAsync("inspection.report");
        await topic.FillAsync("inspection.summary");
        await topic.PressAsync("Tab");
        await page.WaitForFunctionAsync("async () => (await window.pfModeler.saveXML()).xml.includes('camunda:topic=\"inspection.summary\"')");
        Assert.Matches(new Regex("<bpmn:serviceTask id=\"report\"[^>]* camunda:type=\"external\""), await XmlAsync(page));
        await ConsoleHost.ScreenshotAsync(page, "designer-panel-service-task");

        // The engine accepts what the panel wrote and reads the working-time attribute.
        await Expect(page.Locator("#problems .pf-ok")).ToBeVisibleAsync();
        await page.ClickAsync("#deploy");
        await page.WaitForURLAsync(new Regex("/designer/inspect(:|%3A)1$"));
        var deployed = Assert.Single(await host.Engine.QueryDefinitionsAsync("inspect"));
        Assert.Contains("pf:calendar=\"working\"", deployed.Xml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_ChangedTimer_ShowsCurrentAndDraftReportsSideBySide()
    {
        await host.Engine.DeployAsync("inspect-sim.bpmn", Inspect.Replace("id=\"inspect\"", "id=\"inspectsim\"", StringComparison.Ordinal)
            .Replace("bpmnElement=\"inspect\"", "bpmnElement=\"inspectsim\"", StringComparison.Ordinal));
        var page = await host.NewPageAsync();
        await page.GotoAsync("/designer/inspectsim");
        await ReadyAsync(page);

        // Escalate after 30 minutes instead of 2 hours: typed into the panel's timer field.
        await page.Locator("#canvas [data-element-id='late']").ClickAsync();
        var timer = page.Locator("#properties [data-group-id='group-timer']");
        await timer.Locator(".bio-properties-panel-group-header").ClickAsync();
        var value = timer.Locator("[data-entry-id='timerEventDefinitionValue'] input");
        await Expect(value).ToHaveValueAsync("PT2H");
        await value.FillAsync("PT30M");
        await value.PressAsync("Tab");

        await page.FillAsync("#sim-instances", "40");
        await page.FillAsync("#sim-days", "2");
        await page.ClickAsync("#simulate");
        await Expect(page.Locator("body[data-simulated='done']")).ToHaveCountAsync(1, new() { Timeout = 90_000 });
        await Expect(page.Locator("#sim-status")).ToHaveClassAsync(new Regex("pf-status-ok"));

        var table = page.Locator("#sim-report table[data-process='inspectsim']");
        await Expect(table.Locator("thead th")).ToHaveTextAsync(["指标", "当前版本", "草稿", "差异"]);
        await Expect(table.Locator("tr[data-measure='started'] td")).ToHaveTextAsync(["40", "40", "0"]);
        var late = table.Locator("tr[data-element='late'][data-measure='entered']");
        await Expect(late).ToHaveClassAsync(new Regex("pf-sim-differs"));
        var cells = await late.Locator("td").AllTextContentsAsync();
        Assert.True(int.Parse(cells[1], System.Globalization.CultureInfo.InvariantCulture) > int.Parse(cells[0], System.Globalization.CultureInfo.InvariantCulture), string.Join(" | ", cells));
        Assert.StartsWith("+", cells[2], StringComparison.Ordinal);
        await ConsoleHost.ScreenshotAsync(page, "designer-simulation");

        // Simulating deploys nothing.
        Assert.Single(await host.Engine.QueryDefinitionsAsync("inspectsim"));
    }

    [Fact]
    public async Task Simulate_OutOfBounds_ShowsTheServersReason()
    {
        var page = await host.NewPageAsync();
        await page.GotoAsync("/designer");
        await ReadyAsync(page);
        await page.FillAsync("#sim-instances", "5000");
        await page.ClickAsync("#simulate");
        await Expect(page.Locator("body[data-simulated='done']")).ToHaveCountAsync(1);
        await Expect(page.Locator("#sim-status.pf-status-error")).ToContainTextAsync("instances");
        await Expect(page.Locator("#sim-report table")).ToHaveCountAsync(0);
    }

    private static Task<string> XmlAsync(IPage page) =>
        page.EvaluateAsync<string>("async () => (await window.pfModeler.saveXML({ format: true })).xml");
}
