using Microsoft.Extensions.DependencyInjection;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Engine.Tests.Fakes;

namespace PropertyFlow.Engine.Tests.Scenarios;

/// <summary>
/// The complaint-shaped process of the engine issue, walked on a fake clock: record → calm (due PT30M,
/// a non-interrupting R3/PT30M escalation) → resolve (due P1D, interrupting P2D hand-over to managers)
/// → wait P1D → follow-up.
/// </summary>
public sealed class ComplaintScenarioTests
{
    private static readonly string Xml = Bpmn.Process("complaint", """
        <bpmn:startEvent id="received" />
        <bpmn:sequenceFlow id="f1" sourceRef="received" targetRef="record" />
        <bpmn:userTask id="record" name="信息收集 Record" camunda:candidateGroups="customerService">
          <bpmn:extensionElements>
            <camunda:formData>
              <camunda:formField id="category" label="Category" type="enum" defaultValue="general">
                <camunda:value id="general" name="General" />
                <camunda:value id="urgent" name="Urgent" />
              </camunda:formField>
              <camunda:formField id="description" label="Description" type="string">
                <camunda:validation><camunda:constraint name="required" /></camunda:validation>
              </camunda:formField>
            </camunda:formData>
          </bpmn:extensionElements>
        </bpmn:userTask>
        <bpmn:sequenceFlow id="f2" sourceRef="record" targetRef="calm" />
        <bpmn:userTask id="calm" name="情绪安抚 Calm" camunda:assignee="${handler}" camunda:dueDate="PT30M" camunda:priority="50" />
        <bpmn:boundaryEvent id="calmLate" attachedToRef="calm" cancelActivity="false">
          <bpmn:timerEventDefinition><bpmn:timeCycle>R3/PT30M</bpmn:timeCycle></bpmn:timerEventDefinition>
        </bpmn:boundaryEvent>
        <bpmn:sequenceFlow id="f3" sourceRef="calmLate" targetRef="notifySupervisor" />
        <bpmn:serviceTask id="notifySupervisor" camunda:type="external" camunda:topic="escalate">
          <bpmn:extensionElements>
            <camunda:inputOutput>
              <camunda:inputParameter name="to">supervisor</camunda:inputParameter>
              <camunda:inputParameter name="task">calm</camunda:inputParameter>
            </camunda:inputOutput>
          </bpmn:extensionElements>
        </bpmn:serviceTask>
        <bpmn:sequenceFlow id="f4" sourceRef="calm" targetRef="resolve" />
        <bpmn:userTask id="resolve" name="问题解决 Resolve" camunda:assignee="${handler}" camunda:dueDate="P1D" />
        <bpmn:boundaryEvent id="resolveLate" attachedToRef="resolve">
          <bpmn:timerEventDefinition><bpmn:timeDuration>P2D</bpmn:timeDuration></bpmn:timerEventDefinition>
        </bpmn:boundaryEvent>
        <bpmn:sequenceFlow id="f5" sourceRef="resolveLate" targetRef="managerResolve" />
        <bpmn:userTask id="managerResolve" name="经理处理 Manager resolves" camunda:candidateGroups="manager" camunda:priority="90" />
        <bpmn:sequenceFlow id="f6" sourceRef="managerResolve" targetRef="waitDay" />
        <bpmn:sequenceFlow id="f7" sourceRef="resolve" targetRef="waitDay" />
        <bpmn:intermediateCatchEvent id="waitDay">
          <bpmn:timerEventDefinition><bpmn:timeDuration>P1D</bpmn:timeDuration></bpmn:timerEventDefinition>
        </bpmn:intermediateCatchEvent>
        <bpmn:sequenceFlow id="f8" sourceRef="waitDay" targetRef="followUp" />
        <bpmn:userTask id="followUp" name="后续跟进 Follow up" camunda:candidateGroups="customerService" />
        <bpmn:sequenceFlow id="f9" sourceRef="followUp" targetRef="closed" />
        <bpmn:endEvent id="closed" />
        """);

    [Fact]
    public async Task Complaint_WalkedOnFakeClock_EscalatesAndEnds()
    {
        TestEngine? host = null;
        var escalate = new RecordingHandler("escalate", async ctx =>
        {
            // Raise the waiting task's priority by 10, as an escalation step does.
            var calm = (await host!.Engine.QueryTasksAsync(new TaskQuery { InstanceId = ctx.InstanceId })).Single(t => t.ElementId == "calm");
            await host.Engine.UpdateTaskAsync(calm.Id, TaskActor.System, calm.Assignee, priority: calm.Priority + 10);
            return new Dictionary<string, object?>();
        });
        await using var env = host = await TestEngine.CreateAsync(s => s.AddSingleton<IServiceTaskHandler>(escalate));
        await env.DeployAsync(Xml);
        var cs = TaskActor.User("li.na", "customerService");

        var instance = await env.Engine.StartAsync("complaint", new StartOptions { BusinessKey = "C-001", Variables = new Dictionary<string, object?> { ["handler"] = "li.na" } });

        var record = await env.SingleOpenTaskAsync(instance.Id, "record");
        await Assert.ThrowsAsync<ValidationException>(() => env.Engine.CompleteTaskAsync(record.Id, cs, new Dictionary<string, object?> { ["category"] = "urgent" }));
        await env.Engine.CompleteTaskAsync(record.Id, cs, new Dictionary<string, object?> { ["category"] = "urgent", ["description"] = "电梯故障 lift broken" });

        var calm = await env.SingleOpenTaskAsync(instance.Id, "calm");
        Assert.Equal("li.na", calm.Assignee);
        Assert.Equal(TestEngine.Start.AddMinutes(30), calm.DueAt);
        Assert.Equal(50, calm.Priority);

        // Three escalations, 30 minutes apart, then no more (R3).
        await env.AdvanceAsync(TimeSpan.FromMinutes(30));
        Assert.Single(escalate.Calls);
        Assert.Equal("supervisor", escalate.Calls[0].Inputs["to"]);
        await env.AdvanceAsync(TimeSpan.FromMinutes(60));
        Assert.Equal(3, escalate.Calls.Count);
        await env.AdvanceAsync(TimeSpan.FromHours(5));
        Assert.Equal(3, escalate.Calls.Count);
        Assert.Equal(80, (await env.SingleOpenTaskAsync(instance.Id, "calm")).Priority);

        await env.Engine.CompleteTaskAsync(calm.Id, cs);
        var resolve = await env.SingleOpenTaskAsync(instance.Id, "resolve");
        Assert.Equal(env.Clock.GetUtcNow().AddDays(1), resolve.DueAt);

        // Not done in two days: the interrupting timer hands it to the managers.
        await env.AdvanceAsync(TimeSpan.FromDays(2));
        Assert.Equal(TaskState.Cancelled, (await env.Engine.GetTaskAsync(resolve.Id)).State);
        var manager = await env.SingleOpenTaskAsync(instance.Id, "managerResolve");
        Assert.Equal(",manager,", manager.CandidateGroups);
        await Assert.ThrowsAsync<ForbiddenException>(() => env.Engine.CompleteTaskAsync(manager.Id, cs));
        await env.Engine.CompleteTaskAsync(manager.Id, TaskActor.User("wang.jun", "manager"));

        // Follow-up comes a day later.
        Assert.Empty(await env.Engine.QueryTasksAsync(new TaskQuery { InstanceId = instance.Id }));
        await env.AdvanceAsync(TimeSpan.FromDays(1));
        var followUp = await env.SingleOpenTaskAsync(instance.Id, "followUp");
        await env.Engine.CompleteTaskAsync(followUp.Id, cs);

        var done = await env.Engine.GetInstanceAsync(instance.Id);
        Assert.Equal(InstanceStatus.Completed, done.Status);
        Assert.Equal("urgent", done.Variables["category"]);
        Assert.Empty(await env.Engine.QueryTimersAsync(instance.Id));

        var completed = await env.HistoryAsync(instance.Id, HistoryKinds.ElementCompleted);
        Assert.Equal(["received", "record", "calmLate", "notifySupervisor", "calmLate", "notifySupervisor", "calmLate", "notifySupervisor", "calm", "resolveLate", "managerResolve", "waitDay", "followUp", "closed"],
            completed);
        var taskCompletions = (await env.Engine.GetHistoryAsync(instance.Id)).Where(h => h.Kind == HistoryKinds.TaskCompleted).Select(h => h.UserId);
        Assert.Equal(["li.na", "li.na", "wang.jun", "li.na"], taskCompletions);
    }
}
