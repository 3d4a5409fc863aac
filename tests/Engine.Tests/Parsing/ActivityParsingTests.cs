using PropertyFlow.Engine.Model;

namespace PropertyFlow.Engine.Tests.Parsing;

public class ActivityParsingTests
{
    [Fact]
    public void Parse_Tasks_GiveTheirModelTypes()
    {
        var process = Bpmn.ParseProcess(Bpmn.Process(
            """
            <bpmn:startEvent id="s" />
            <bpmn:task id="plain" name="Check" />
            <bpmn:manualTask id="manual" camunda:candidateGroups="maintenance" />
            <bpmn:serviceTask id="bill" camunda:type="external" camunda:topic="billing.issue" camunda:taskPriority="10" camunda:asyncBefore="true">
              <bpmn:extensionElements><camunda:failedJobRetryTimeCycle>R5/PT10M</camunda:failedJobRetryTimeCycle></bpmn:extensionElements>
            </bpmn:serviceTask>
            <bpmn:sendTask id="notice" camunda:topic="notice.send" />
            <bpmn:scriptTask id="score" scriptFormat="JavaScript" camunda:resultVariable="total"><bpmn:script>a + b</bpmn:script></bpmn:scriptTask>
            <bpmn:receiveTask id="waitPay" messageRef="Msg" />
            """,
            """<bpmn:message id="Msg" name="paid" />"""));

        Assert.Equal("task", Bpmn.Node<PlainTask>(process, "plain").Kind);
        var manual = Bpmn.Node<UserTask>(process, "manual");
        Assert.True(manual.IsManual);
        Assert.Equal("manualTask", manual.Kind);
        var bill = Bpmn.Node<ServiceTask>(process, "bill");
        Assert.Equal(("billing.issue", false, "10", true, "R5/PT10M"), (bill.Topic, bill.IsSend, bill.TaskPriority, bill.AsyncBefore, bill.RetryTimeCycle));
        var notice = Bpmn.Node<ServiceTask>(process, "notice");
        Assert.Equal(("notice.send", true, false), (notice.Topic, notice.IsSend, notice.AsyncBefore));
        var score = Bpmn.Node<ScriptTask>(process, "score");
        Assert.Equal(("JavaScript", "a + b", "total"), (score.ScriptFormat, score.Script, score.ResultVariable));
        Assert.Equal("paid", Bpmn.Node<ReceiveTask>(process, "waitPay").MessageName);
        Assert.Equal(["billing.issue", "notice.send"], process.Topics.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Parse_UserTask_ReadsCamundaAttributes()
    {
        var process = Bpmn.ParseProcess(Bpmn.Process(
            """
            <bpmn:startEvent id="s" />
            <bpmn:userTask id="calm" name="情绪安抚" camunda:assignee="${initiator}" camunda:candidateUsers="li,wang"
                camunda:candidateGroups="customer-service,supervisor" camunda:dueDate="P1D" camunda:followUpDate="PT4H"
                camunda:priority="80" camunda:formKey="embedded:app:forms/calm.html" />
            """));

        var task = Bpmn.Node<UserTask>(process, "calm");
        Assert.Equal(("${initiator}", "li,wang", "customer-service,supervisor"), (task.Assignee, task.CandidateUsers, task.CandidateGroups));
        Assert.Equal(("P1D", "PT4H", "80", "embedded:app:forms/calm.html"), (task.DueDate, task.FollowUpDate, task.Priority, task.FormKey));
        Assert.False(task.IsManual);
        Assert.Equal("情绪安抚", task.Name);
    }

    [Fact]
    public void Parse_SubProcesses_NestScopes()
    {
        var process = Bpmn.ParseProcess(Bpmn.Process(
            """
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="sub" />
            <bpmn:subProcess id="sub">
              <bpmn:startEvent id="subStart" />
              <bpmn:sequenceFlow id="f2" sourceRef="subStart" targetRef="inner" />
              <bpmn:subProcess id="inner">
                <bpmn:startEvent id="innerStart" />
                <bpmn:sequenceFlow id="f3" sourceRef="innerStart" targetRef="deep" />
                <bpmn:task id="deep" />
              </bpmn:subProcess>
            </bpmn:subProcess>
            """));

        var sub = Bpmn.Node<SubProcess>(process, "sub");
        var inner = Bpmn.Node<SubProcess>(process, "inner");
        var deep = process.GetNode("deep");
        Assert.False(sub.TriggeredByEvent);
        Assert.Same(process.Content, sub.Scope);
        Assert.Same(sub.Content, inner.Scope);
        Assert.Same(inner.Content, deep.Scope);
        Assert.Same(sub.Content, inner.Content.Parent);
        Assert.Null(process.Content.Parent);
        Assert.Equal(["innerStart", "deep"], inner.Content.Nodes.Select(n => n.Id));
        Assert.Equal("f3", Assert.Single(inner.Content.Flows).Id);
        Assert.Equal(9, process.Elements.Count);
    }

    [Fact]
    public void Parse_CallActivity_ReadsMappingsAndBusinessKey()
    {
        var process = Bpmn.ParseProcess(Bpmn.Process(
            """
            <bpmn:startEvent id="s" />
            <bpmn:callActivity id="repair" calledElement="repair-order" camunda:calledElementBinding="latest">
              <bpmn:extensionElements>
                <camunda:in businessKey="#{execution.processBusinessKey}" />
                <camunda:in source="unit" target="unitNo" />
                <camunda:in sourceExpression="${priority * 2}" target="urgency" />
                <camunda:in variables="all" />
                <camunda:out source="result" target="repairResult" />
                <camunda:out variables="all" />
              </bpmn:extensionElements>
            </bpmn:callActivity>
            """));

        var call = Bpmn.Node<CallActivity>(process, "repair");
        Assert.Equal("repair-order", call.CalledElement);
        Assert.Equal("#{execution.processBusinessKey}", call.BusinessKey);
        Assert.Equal(
            [new VariableMapping("unit", null, "unitNo", false), new VariableMapping(null, "${priority * 2}", "urgency", false), new VariableMapping(null, null, null, true)],
            call.InMappings);
        Assert.Equal([new VariableMapping("result", null, "repairResult", false), new VariableMapping(null, null, null, true)], call.OutMappings);
    }

    [Fact]
    public void Parse_MultiInstance_ReadsOnAnyActivity()
    {
        var process = Bpmn.ParseProcess(Bpmn.Process(
            """
            <bpmn:startEvent id="s" />
            <bpmn:userTask id="inspect">
              <bpmn:multiInstanceLoopCharacteristics isSequential="true" camunda:collection="${buildings}" camunda:elementVariable="building">
                <bpmn:completionCondition xsi:type="bpmn:tFormalExpression" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">${nrOfCompletedInstances &gt;= 3}</bpmn:completionCondition>
              </bpmn:multiInstanceLoopCharacteristics>
            </bpmn:userTask>
            <bpmn:subProcess id="rounds">
              <bpmn:multiInstanceLoopCharacteristics><bpmn:loopCardinality>5</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics>
              <bpmn:startEvent id="roundStart" />
            </bpmn:subProcess>
            <bpmn:callActivity id="each" calledElement="x">
              <bpmn:multiInstanceLoopCharacteristics>
                <bpmn:loopDataInputRef>owners</bpmn:loopDataInputRef>
                <bpmn:inputDataItem name="owner" />
              </bpmn:multiInstanceLoopCharacteristics>
            </bpmn:callActivity>
            <bpmn:serviceTask id="plain" camunda:type="external" camunda:topic="t" />
            """));

        Assert.Equal(new MultiInstance(true, "${buildings}", "building", null, "${nrOfCompletedInstances >= 3}"), process.GetNode("inspect") is Activity a ? a.MultiInstance : null);
        Assert.Equal(new MultiInstance(false, null, null, "5", null), Bpmn.Node<SubProcess>(process, "rounds").MultiInstance);
        Assert.Equal(new MultiInstance(false, "owners", "owner", null, null), Bpmn.Node<CallActivity>(process, "each").MultiInstance);
        Assert.Null(Bpmn.Node<ServiceTask>(process, "plain").MultiInstance);
    }

    [Fact]
    public void Parse_ActivityDefaultFlow_SetsDefaultFlow()
    {
        var process = Bpmn.ParseProcess(Bpmn.Process(
            """
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="in" sourceRef="s" targetRef="review" />
            <bpmn:userTask id="review" default="normal" />
            <bpmn:sequenceFlow id="normal" sourceRef="review" targetRef="done" />
            <bpmn:sequenceFlow id="urgent" sourceRef="review" targetRef="done"><bpmn:conditionExpression>${urgent}</bpmn:conditionExpression></bpmn:sequenceFlow>
            <bpmn:endEvent id="done" />
            """));

        var review = Bpmn.Node<UserTask>(process, "review");
        Assert.Equal("normal", review.DefaultFlow?.Id);
        Assert.Equal(["normal", "urgent"], review.Outgoing.Select(f => f.Id));
        Assert.Equal(["in"], review.Incoming.Select(f => f.Id));
        var urgent = review.Outgoing[1];
        Assert.Same(review, urgent.Source);
        Assert.Same(process.GetNode("done"), urgent.Target);
        Assert.Equal("${urgent}", urgent.Condition);
    }
}
