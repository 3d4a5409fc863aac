using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Workflows.Domain;

namespace PropertyFlow.Postgres.Tests;

/// <summary>The property domain on PostgreSQL, on two nodes at once.</summary>
public sealed class BillingOnTwoNodesTests(PostgresTestDatabase database) : IClassFixture<PostgresTestDatabase>
{
    private static readonly string MonthlyBilling = Bpmn.Process("monthly-billing", $"""
        <bpmn:startEvent id="start" />
        <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="bill" />
        <bpmn:serviceTask id="bill" name="生成账单" camunda:type="external" camunda:topic="billing.generate">
          <bpmn:extensionElements>
            <camunda:inputOutput>
              <camunda:inputParameter name="community">{DemoSeeder.CommunityCode}</camunda:inputParameter>
              <camunda:inputParameter name="period">${"{"}billingPeriod{"}"}</camunda:inputParameter>
              <camunda:outputParameter name="newBills">${"{"}billCount{"}"}</camunda:outputParameter>
            </camunda:inputOutput>
          </bpmn:extensionElements>
        </bpmn:serviceTask>
        <bpmn:sequenceFlow id="f2" sourceRef="bill" targetRef="review" />
        <bpmn:userTask id="review" name="核对账单" camunda:candidateGroups="finance" />
        """);

    [PostgresFact]
    public async Task MonthlyBilling_StartedOnBothNodesAtTheSameMoment_BillsEachUnitOnce()
    {
        var clock = new FakeTimeProvider(Node.Start);
        await using var a = await Node.StartAsync(database.ConnectionString, clock, domain: true);
        await using var b = await Node.StartAsync(database.ConnectionString, clock, domain: true); // seeds nothing twice
        await a.Engine.DeployAsync("monthly-billing.bpmn", MonthlyBilling);
        int units;
        await using (var db = a.Db())
        {
            Assert.Equal(1, await db.Communities.CountAsync());
            units = await db.Units.CountAsync();
            Assert.True(units > 100, $"the demo community has {units} units");
        }

        foreach (var period in new[] { "2026-11", "2026-12" })
        {
            using var gate = new Barrier(2);
            var started = await Task.WhenAll(new[] { a, b }.Select(node => Task.Run(async () =>
            {
                gate.SignalAndWait();
                return await node.Engine.StartAsync("monthly-billing", new StartOptions { Variables = new Dictionary<string, object?> { ["billingPeriod"] = period } });
            })));

            var billed = new List<long>();
            foreach (var instance in started)
            {
                var variables = (await a.Engine.GetInstanceAsync(instance.Id)).Variables;
                var incidents = await a.Engine.QueryIncidentsAsync(instance.Id);
                Assert.True(incidents.Count == 0, string.Join("\n", incidents.Select(i => $"{i.Type}: {i.Message}")));
                billed.Add(Convert.ToInt64(variables["newBills"], System.Globalization.CultureInfo.InvariantCulture));
            }

            Assert.Equal(units, billed.Sum()); // the two runs shared the units between them, none twice
            await using var db = b.Db();
            var bills = await db.Bills.Where(x => x.Period == period).Select(x => x.UnitId).ToListAsync();
            Assert.Equal(units, bills.Count);
            Assert.Equal(units, bills.Distinct().Count());
        }
    }
}
