using Microsoft.EntityFrameworkCore;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Workflows.Tests.Domain;

namespace PropertyFlow.Workflows.Tests.Handlers;

/// <summary>Building blocks run by the real engine from a BPMN service task, as a process drawn in the designer would.</summary>
public class EngineRunTests
{
    private const string BillingProcess = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                          xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
                          id="defs" targetNamespace="http://propertyflow.org/tests">
          <bpmn:process id="monthly-billing" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="bill" />
            <bpmn:serviceTask id="bill" name="生成账单" camunda:type="external" camunda:topic="billing.generate">
              <bpmn:extensionElements>
                <camunda:inputOutput>
                  <camunda:inputParameter name="community">SG</camunda:inputParameter>
                  <camunda:inputParameter name="period">${billingPeriod}</camunda:inputParameter>
                  <camunda:outputParameter name="newBills">${billCount}</camunda:outputParameter>
                  <camunda:outputParameter name="newBillIds">${billIds}</camunda:outputParameter>
                  <camunda:outputParameter name="total">${billedTotal}</camunda:outputParameter>
                </camunda:inputOutput>
              </bpmn:extensionElements>
            </bpmn:serviceTask>
            <bpmn:sequenceFlow id="f2" sourceRef="bill" targetRef="any" />
            <bpmn:exclusiveGateway id="any" default="none" />
            <bpmn:sequenceFlow id="some" sourceRef="any" targetRef="review">
              <bpmn:conditionExpression>${newBills &gt; 0}</bpmn:conditionExpression>
            </bpmn:sequenceFlow>
            <bpmn:sequenceFlow id="none" sourceRef="any" targetRef="nothing" />
            <bpmn:userTask id="review" name="核对账单" camunda:candidateGroups="finance" />
            <bpmn:userTask id="nothing" name="本月无新账单" camunda:candidateGroups="finance" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    [Fact]
    public async Task BillingGenerate_InAProcess_OutputsReachTheProcess_AndASecondRunBillsNobody()
    {
        await using var domain = await TestDomain.CreateAsync();
        await domain.SeedDemoAsync();
        await domain.Engine.DeployAsync("monthly-billing.bpmn", BillingProcess);

        var first = await domain.Engine.StartAsync("monthly-billing", new StartOptions { Variables = new Dictionary<string, object?> { ["billingPeriod"] = "2026-11" } });
        var second = await domain.Engine.StartAsync("monthly-billing", new StartOptions { Variables = new Dictionary<string, object?> { ["billingPeriod"] = "2026-11" } });

        var variables = (await domain.Engine.GetInstanceAsync(first.Id)).Variables;
        Assert.Equal(240L, variables["newBills"]);
        var ids = Assert.IsType<List<object?>>(variables["newBillIds"]);
        Assert.Equal(240, ids.Count);
        Assert.False(variables.ContainsKey("billCount")); // with an output mapping only the mapped names reach the process
        Assert.Equal("review", Assert.Single(await domain.Engine.QueryTasksAsync(new TaskQuery { InstanceId = first.Id })).ElementId);

        var again = (await domain.Engine.GetInstanceAsync(second.Id)).Variables;
        Assert.Equal(0L, again["newBills"]);
        Assert.Equal("nothing", Assert.Single(await domain.Engine.QueryTasksAsync(new TaskQuery { InstanceId = second.Id })).ElementId);

        await using var db = domain.Db();
        Assert.Equal(240, await db.Bills.CountAsync());
        var stored = (await db.Bills.Select(b => b.Id).ToListAsync()).Select(id => id.ToString()).Order().ToList();
        Assert.Equal(stored, ids.Cast<string>().Order().ToList());
        Assert.True(await db.Audit.AnyAsync(a => a.EntityType == "Bill" && a.Actor == "process:monthly-billing/bill"));
    }

    [Fact]
    public async Task RuleError_UncaughtInAProcess_BecomesAnIncidentWithTheRule()
    {
        await using var domain = await TestDomain.CreateAsync();
        await domain.SeedDemoAsync();
        await domain.Engine.DeployAsync("monthly-billing.bpmn", BillingProcess);

        var instance = await domain.Engine.StartAsync("monthly-billing", new StartOptions { Variables = new Dictionary<string, object?> { ["billingPeriod"] = "November" } });

        var incident = Assert.Single(await domain.Engine.QueryIncidentsAsync(instance.Id));
        Assert.Contains("yyyy-MM", incident.Message, StringComparison.Ordinal);
    }
}
