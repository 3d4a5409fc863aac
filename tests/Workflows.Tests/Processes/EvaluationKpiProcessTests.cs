using Microsoft.EntityFrameworkCore;
using PropertyFlow.Engine.Runtime;

namespace PropertyFlow.Workflows.Tests.Processes;

/// <summary>workflows/evaluation-kpi.bpmn: on the 1st of each month, last month's KPIs and statement.</summary>
public class EvaluationKpiProcessTests
{
    [Fact]
    public async Task MonthlyTimer_EvaluatesLastMonthsKpis_PublishesItsStatement_AndAsksForAReviewBelowTarget()
    {
        await using var rig = await ProcessRig.CreateAsync("evaluation-kpi.bpmn");

        await rig.AdvanceToAsync(ProcessRig.Local(2026, 12, 1, 7, 59));
        Assert.Empty(await rig.Engine.QueryInstancesAsync(new InstanceQuery { ProcessKey = "evaluation-kpi" }));
        await rig.AdvanceToAsync(ProcessRig.Local(2026, 12, 1, 8, 1));

        var instance = Assert.Single(await rig.CommunityRunsAsync("evaluation-kpi"));
        Assert.Equal(ProcessRig.Local(2026, 12, 1, 8, 0), instance.StartedAt);
        var variables = (await rig.Engine.GetInstanceAsync(instance.Id)).Variables;
        Assert.Equal("2026-11", variables["period"]);
        Assert.Equal(false, variables["meetsSatisfactionTarget"]); // no survey answered in November
        await using (var db = rig.Db())
        {
            var snapshot = await db.KpiSnapshots.SingleAsync();
            Assert.Equal("2026-11", snapshot.Period);
            Assert.Equal(variables["kpiSnapshotId"], snapshot.Id.ToString());
            var statement = await db.Statements.SingleAsync();
            Assert.Equal("2026-11", statement.Period);
            Assert.Equal(variables["statementId"], statement.Id.ToString());
        }

        Assert.Equal("review", Assert.Single(await rig.TasksAsync(instance.Id)).ElementId);

        await rig.AdvanceToAsync(ProcessRig.Local(2027, 1, 1, 8, 1));
        var runs = await rig.CommunityRunsAsync("evaluation-kpi");
        Assert.Equal(2, runs.Count);
        Assert.Contains(runs, r => r.StartedAt == ProcessRig.Local(2027, 1, 1, 8, 0));
    }
}
