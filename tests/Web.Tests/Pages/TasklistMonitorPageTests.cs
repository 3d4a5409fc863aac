using static Microsoft.Playwright.Assertions;

namespace PropertyFlow.Web.Tests.Pages;

/// <summary>The process monitor (<c>/monitor</c>): waiting counts per element on the bpmn-js viewer, supervisors and up only.</summary>
public sealed class TasklistMonitorPageTests(ConsoleHost host) : IClassFixture<ConsoleHost>
{
    private const string Inspection = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
            xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI"
            xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="defs" targetNamespace="http://propertyflow.test">
          <bpmn:process id="inspection" name="巡检 Inspection" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="inspect" />
            <bpmn:userTask id="inspect" name="巡检 Inspect" camunda:candidateGroups="maintenance" />
            <bpmn:sequenceFlow id="f2" sourceRef="inspect" targetRef="end" />
            <bpmn:endEvent id="end" />
          </bpmn:process>
          <bpmndi:BPMNDiagram id="diagram">
            <bpmndi:BPMNPlane id="plane" bpmnElement="inspection">
              <bpmndi:BPMNShape id="start_di" bpmnElement="start"><dc:Bounds x="160" y="100" width="36" height="36" /></bpmndi:BPMNShape>
              <bpmndi:BPMNShape id="inspect_di" bpmnElement="inspect"><dc:Bounds x="260" y="78" width="100" height="80" /></bpmndi:BPMNShape>
              <bpmndi:BPMNShape id="end_di" bpmnElement="end"><dc:Bounds x="420" y="100" width="36" height="36" /></bpmndi:BPMNShape>
              <bpmndi:BPMNEdge id="f1_di" bpmnElement="f1"><di:waypoint x="196" y="118" /><di:waypoint x="260" y="118" /></bpmndi:BPMNEdge>
              <bpmndi:BPMNEdge id="f2_di" bpmnElement="f2"><di:waypoint x="360" y="118" /><di:waypoint x="420" y="118" /></bpmndi:BPMNEdge>
            </bpmndi:BPMNPlane>
          </bpmndi:BPMNDiagram>
        </bpmn:definitions>
        """;

    [Fact]
    public async Task Monitor_TwoWaitingInstances_ShowsTheCountOnTheDiagram()
    {
        await host.Engine.DeployAsync("inspection.bpmn", Inspection);
        await host.Engine.StartAsync("inspection");
        await host.Engine.StartAsync("inspection");

        var page = await host.NewPageAsync("supervisor");
        await page.GotoAsync("/monitor/inspection");
        await Expect(page.Locator("#monitor-process")).ToContainTextAsync("巡检 Inspection");
        await Expect(page.Locator("#monitor-waiting tr[data-element='inspect']")).ToContainTextAsync("2");
        await Expect(page.Locator("#monitor-canvas[data-ready='true']")).ToBeVisibleAsync();
        await Expect(page.Locator(".pf-wait-count[data-element='inspect']")).ToHaveTextAsync("2");
        await Expect(page.Locator("#monitor-canvas .bjs-powered-by")).ToBeVisibleAsync();
        await ConsoleHost.ScreenshotAsync(page, "monitor");
    }

    [Fact]
    public async Task Monitor_Staff_AreRefused()
    {
        var page = await host.NewPageAsync("maintenance");
        var response = await page.GotoAsync("/monitor");
        Assert.DoesNotContain("/monitor", new Uri(response!.Url).AbsolutePath, StringComparison.Ordinal);
        await Expect(page.Locator("#monitor-process")).ToHaveCountAsync(0);
        await Expect(page.Locator("#nav-monitor")).ToHaveCountAsync(0);
    }
}
