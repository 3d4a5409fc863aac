using PropertyFlow.Engine.Model;

namespace PropertyFlow.Engine.Tests.Parsing;

public class EventParsingTests
{
    private const string Roots =
        """
        <bpmn:message id="Msg" name="payment-received" />
        <bpmn:signal id="Sig" name="typhoon-warning" />
        <bpmn:error id="Err" name="Not found" errorCode="NOT_FOUND" />
        <bpmn:error id="ErrNoCode" name="Any" />
        <bpmn:escalation id="Esc" name="Overdue" escalationCode="OVERDUE" />
        """;

    [Fact]
    public void Parse_StartEvents_ReadTriggers()
    {
        var process = Bpmn.ParseProcess(Bpmn.Process(
            """
            <bpmn:startEvent id="none" />
            <bpmn:startEvent id="timer"><bpmn:timerEventDefinition><bpmn:timeCycle>0 0 9 1 * ?</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>
            <bpmn:startEvent id="message"><bpmn:messageEventDefinition messageRef="Msg" /></bpmn:startEvent>
            <bpmn:startEvent id="signal"><bpmn:signalEventDefinition signalRef="Sig" /></bpmn:startEvent>
            """,
            Roots));

        Assert.Null(Bpmn.Node<StartEvent>(process, "none").Trigger);
        var timer = Assert.IsType<TimerEventDefinition>(Bpmn.Node<StartEvent>(process, "timer").Trigger);
        Assert.Equal((TimerKind.Cycle, "0 0 9 1 * ?"), (timer.TimerKind, timer.Expression));
        Assert.Equal("payment-received", Assert.IsType<MessageEventDefinition>(Bpmn.Node<StartEvent>(process, "message").Trigger).MessageName);
        Assert.Equal("typhoon-warning", Assert.IsType<SignalEventDefinition>(Bpmn.Node<StartEvent>(process, "signal").Trigger).SignalName);
        Assert.True(Bpmn.Node<StartEvent>(process, "none").IsInterrupting);
    }

    [Fact]
    public void Parse_EventSubProcessStarts_ReadErrorEscalationAndInterrupting()
    {
        var process = Bpmn.ParseProcess(Bpmn.Process(
            """
            <bpmn:startEvent id="s" />
            <bpmn:subProcess id="onError" triggeredByEvent="true">
              <bpmn:startEvent id="errorStart"><bpmn:errorEventDefinition errorRef="Err" camunda:errorCodeVariable="code" camunda:errorMessageVariable="msg" /></bpmn:startEvent>
            </bpmn:subProcess>
            <bpmn:subProcess id="onEscalation" triggeredByEvent="true">
              <bpmn:startEvent id="escStart" isInterrupting="false"><bpmn:escalationEventDefinition escalationRef="Esc" camunda:escalationCodeVariable="esc" /></bpmn:startEvent>
            </bpmn:subProcess>
            <bpmn:subProcess id="onAnyError" triggeredByEvent="true">
              <bpmn:startEvent id="anyError"><bpmn:errorEventDefinition /></bpmn:startEvent>
            </bpmn:subProcess>
            """,
            Roots));

        var errorStart = Bpmn.Node<StartEvent>(process, "errorStart");
        Assert.Equal(new ErrorEventDefinition(errorStart.Trigger!.Location, "NOT_FOUND", "code", "msg"), errorStart.Trigger);
        var escStart = Bpmn.Node<StartEvent>(process, "escStart");
        Assert.False(escStart.IsInterrupting);
        Assert.Equal(new EscalationEventDefinition(escStart.Trigger!.Location, "OVERDUE", "esc"), escStart.Trigger);
        Assert.Null(Assert.IsType<ErrorEventDefinition>(Bpmn.Node<StartEvent>(process, "anyError").Trigger).ErrorCode);
        Assert.Equal(["onError", "onEscalation", "onAnyError"], process.Content.EventSubProcesses.Select(s => s.Id));
        Assert.Same(process.GetNode("onError"), errorStart.Scope.Owner);
    }

    [Fact]
    public void Parse_EndEvents_ReadResults()
    {
        var process = Bpmn.ParseProcess(Bpmn.Process(
            """
            <bpmn:startEvent id="s" />
            <bpmn:endEvent id="none">
              <bpmn:extensionElements><camunda:inputOutput><camunda:inputParameter name="reason">done</camunda:inputParameter></camunda:inputOutput></bpmn:extensionElements>
            </bpmn:endEvent>
            <bpmn:endEvent id="terminate"><bpmn:terminateEventDefinition /></bpmn:endEvent>
            <bpmn:endEvent id="error"><bpmn:errorEventDefinition errorRef="Err" /></bpmn:endEvent>
            <bpmn:endEvent id="escalation"><bpmn:escalationEventDefinition escalationRef="Esc" /></bpmn:endEvent>
            <bpmn:endEvent id="signal"><bpmn:signalEventDefinition signalRef="Sig" /></bpmn:endEvent>
            <bpmn:endEvent id="message"><bpmn:messageEventDefinition messageRef="Msg" /></bpmn:endEvent>
            """,
            Roots));

        var none = Bpmn.Node<EndEvent>(process, "none");
        Assert.Null(none.Result);
        Assert.Equal([new IoParameter("reason", new IoText("done"))], none.Inputs);
        Assert.IsType<TerminateEventDefinition>(Bpmn.Node<EndEvent>(process, "terminate").Result);
        Assert.Equal("NOT_FOUND", Assert.IsType<ErrorEventDefinition>(Bpmn.Node<EndEvent>(process, "error").Result).ErrorCode);
        Assert.Equal("OVERDUE", Assert.IsType<EscalationEventDefinition>(Bpmn.Node<EndEvent>(process, "escalation").Result).EscalationCode);
        Assert.Equal("typhoon-warning", Assert.IsType<SignalEventDefinition>(Bpmn.Node<EndEvent>(process, "signal").Result).SignalName);
        Assert.Equal("payment-received", Assert.IsType<MessageEventDefinition>(Bpmn.Node<EndEvent>(process, "message").Result).MessageName);
    }

    [Fact]
    public void Parse_IntermediateEvents_ReadCatchAndThrow()
    {
        var process = Bpmn.ParseProcess(Bpmn.Process(
            """
            <bpmn:startEvent id="s" />
            <bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:timeDuration>P2D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
            <bpmn:intermediateCatchEvent id="until"><bpmn:timerEventDefinition><bpmn:timeDate>2026-03-01T09:00:00+08:00</bpmn:timeDate></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
            <bpmn:intermediateCatchEvent id="dynamic"><bpmn:timerEventDefinition><bpmn:timeDuration>${slaDuration}</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
            <bpmn:intermediateCatchEvent id="paid"><bpmn:messageEventDefinition messageRef="Msg" /></bpmn:intermediateCatchEvent>
            <bpmn:intermediateCatchEvent id="typhoon"><bpmn:signalEventDefinition signalRef="Sig" /></bpmn:intermediateCatchEvent>
            <bpmn:intermediateCatchEvent id="linkIn"><bpmn:linkEventDefinition name="toEnd" /></bpmn:intermediateCatchEvent>
            <bpmn:intermediateThrowEvent id="milestone" />
            <bpmn:intermediateThrowEvent id="raise"><bpmn:escalationEventDefinition escalationRef="Esc" /></bpmn:intermediateThrowEvent>
            <bpmn:intermediateThrowEvent id="broadcast"><bpmn:signalEventDefinition signalRef="Sig" /></bpmn:intermediateThrowEvent>
            <bpmn:intermediateThrowEvent id="linkOut"><bpmn:linkEventDefinition name="toEnd" /></bpmn:intermediateThrowEvent>
            """,
            Roots));

        Assert.Equal(TimerKind.Duration, Assert.IsType<TimerEventDefinition>(Bpmn.Node<IntermediateCatchEvent>(process, "wait").Trigger).TimerKind);
        Assert.Equal(TimerKind.Date, Assert.IsType<TimerEventDefinition>(Bpmn.Node<IntermediateCatchEvent>(process, "until").Trigger).TimerKind);
        Assert.Equal("${slaDuration}", Assert.IsType<TimerEventDefinition>(Bpmn.Node<IntermediateCatchEvent>(process, "dynamic").Trigger).Expression);
        Assert.IsType<MessageEventDefinition>(Bpmn.Node<IntermediateCatchEvent>(process, "paid").Trigger);
        Assert.IsType<SignalEventDefinition>(Bpmn.Node<IntermediateCatchEvent>(process, "typhoon").Trigger);
        Assert.Equal("toEnd", Assert.IsType<LinkEventDefinition>(Bpmn.Node<IntermediateCatchEvent>(process, "linkIn").Trigger).LinkName);
        Assert.Null(Bpmn.Node<IntermediateThrowEvent>(process, "milestone").Result);
        Assert.IsType<EscalationEventDefinition>(Bpmn.Node<IntermediateThrowEvent>(process, "raise").Result);
        Assert.IsType<SignalEventDefinition>(Bpmn.Node<IntermediateThrowEvent>(process, "broadcast").Result);
        Assert.IsType<LinkEventDefinition>(Bpmn.Node<IntermediateThrowEvent>(process, "linkOut").Result);
    }

    [Fact]
    public void Parse_BoundaryEvents_ReadTriggersAndInterrupting()
    {
        var process = Bpmn.ParseProcess(Bpmn.Process(
            """
            <bpmn:startEvent id="s" />
            <bpmn:userTask id="work" />
            <bpmn:boundaryEvent id="remind" attachedToRef="work" cancelActivity="false"><bpmn:timerEventDefinition><bpmn:timeCycle>R3/PT1H</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:boundaryEvent>
            <bpmn:boundaryEvent id="cancelled" attachedToRef="work"><bpmn:messageEventDefinition messageRef="Msg" /></bpmn:boundaryEvent>
            <bpmn:boundaryEvent id="storm" attachedToRef="work" cancelActivity="false"><bpmn:signalEventDefinition signalRef="Sig" /></bpmn:boundaryEvent>
            <bpmn:boundaryEvent id="failed" attachedToRef="work"><bpmn:errorEventDefinition errorRef="ErrNoCode" /></bpmn:boundaryEvent>
            <bpmn:boundaryEvent id="raised" attachedToRef="work" cancelActivity="false"><bpmn:escalationEventDefinition /></bpmn:boundaryEvent>
            """,
            Roots));

        var work = Bpmn.Node<UserTask>(process, "work");
        Assert.Equal(["remind", "cancelled", "storm", "failed", "raised"], work.BoundaryEvents.Select(b => b.Id));
        Assert.All(work.BoundaryEvents, b => Assert.Same(work, b.AttachedTo));
        Assert.Equal([false, true, false, true, false], work.BoundaryEvents.Select(b => b.CancelActivity));
        Assert.Null(Assert.IsType<ErrorEventDefinition>(Bpmn.Node<BoundaryEvent>(process, "failed").Trigger).ErrorCode);
        Assert.Null(Assert.IsType<EscalationEventDefinition>(Bpmn.Node<BoundaryEvent>(process, "raised").Trigger).EscalationCode);
        Assert.Equal("R3/PT1H", Assert.IsType<TimerEventDefinition>(Bpmn.Node<BoundaryEvent>(process, "remind").Trigger).Expression);
        Assert.Equal(5, process.Content.BoundaryEvents.Count());
    }

    [Fact]
    public void Parse_MessageRefWithPrefix_ResolvesRootElement()
    {
        var process = Bpmn.ParseProcess(Bpmn.Process(
            """<bpmn:startEvent id="s"><bpmn:messageEventDefinition messageRef="tns:Msg" /></bpmn:startEvent>""",
            Roots));

        Assert.Equal("payment-received", Assert.IsType<MessageEventDefinition>(Bpmn.Node<StartEvent>(process, "s").Trigger).MessageName);
    }
}
