using PropertyFlow.Engine.Model;

namespace PropertyFlow.Engine.Tests.Parsing;

/// <summary>A deployable document is fully linked: scopes, flows, boundaries and the element index agree.</summary>
public class LinkingTests
{
    private const string Nested =
        """
        <bpmn:startEvent id="start" />
        <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="handle" />
        <bpmn:subProcess id="handle">
          <bpmn:startEvent id="hStart" />
          <bpmn:sequenceFlow id="f2" sourceRef="hStart" targetRef="fix" />
          <bpmn:userTask id="fix" />
          <bpmn:boundaryEvent id="late" attachedToRef="fix" cancelActivity="false"><bpmn:timerEventDefinition><bpmn:timeCycle>R/PT8H</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:boundaryEvent>
          <bpmn:sequenceFlow id="f3" sourceRef="late" targetRef="remind" />
          <bpmn:serviceTask id="remind" camunda:type="external" camunda:topic="notice.remind" />
          <bpmn:subProcess id="onCancel" triggeredByEvent="true">
            <bpmn:startEvent id="cStart"><bpmn:messageEventDefinition messageRef="Cancel" /></bpmn:startEvent>
            <bpmn:sequenceFlow id="f4" sourceRef="cStart" targetRef="cEnd" />
            <bpmn:endEvent id="cEnd"><bpmn:terminateEventDefinition /></bpmn:endEvent>
          </bpmn:subProcess>
        </bpmn:subProcess>
        <bpmn:boundaryEvent id="failed" attachedToRef="handle"><bpmn:errorEventDefinition /></bpmn:boundaryEvent>
        <bpmn:sequenceFlow id="f5" sourceRef="handle" targetRef="end" />
        <bpmn:sequenceFlow id="f6" sourceRef="failed" targetRef="end" />
        <bpmn:endEvent id="end" />
        """;

    [Fact]
    public void Parse_NestedProcess_RegistersEveryElementAtAnyDepth()
    {
        var process = Bpmn.ParseProcess(Bpmn.Process(Nested, """<bpmn:message id="Cancel" name="cancel" />"""));

        var ids = new[] { "start", "f1", "handle", "hStart", "f2", "fix", "late", "f3", "remind", "onCancel", "cStart", "f4", "cEnd", "failed", "f5", "f6", "end" };
        Assert.Equal(ids.Order(StringComparer.Ordinal), process.Elements.Keys.Order(StringComparer.Ordinal));
        Assert.All(process.Elements.Values, e => Assert.NotNull(e.Scope));
    }

    [Fact]
    public void Parse_NestedProcess_LinksFlowsBothWays()
    {
        var process = Bpmn.ParseProcess(Bpmn.Process(Nested, """<bpmn:message id="Cancel" name="cancel" />"""));

        foreach (var flow in process.Elements.Values.OfType<SequenceFlow>())
        {
            Assert.Contains(flow, flow.Source.Outgoing);
            Assert.Contains(flow, flow.Target.Incoming);
            Assert.Same(flow.Scope, flow.Source.Scope);
            Assert.Same(flow.Scope, flow.Target.Scope);
            Assert.Contains(flow, flow.Scope.Flows);
        }

        Assert.Equal(process.AllNodes.Sum(n => n.Outgoing.Count), process.Elements.Values.OfType<SequenceFlow>().Count());
    }

    [Fact]
    public void Parse_NestedProcess_AttachesBoundariesInTheirScope()
    {
        var process = Bpmn.ParseProcess(Bpmn.Process(Nested, """<bpmn:message id="Cancel" name="cancel" />"""));

        var handle = Bpmn.Node<SubProcess>(process, "handle");
        var fix = Bpmn.Node<UserTask>(process, "fix");
        Assert.Same(handle, Bpmn.Node<BoundaryEvent>(process, "failed").AttachedTo);
        Assert.Same(fix, Assert.Single(fix.BoundaryEvents).AttachedTo);
        Assert.Equal(["late"], handle.Content.BoundaryEvents.Select(b => b.Id));
        Assert.Equal(["onCancel"], handle.Content.EventSubProcesses.Select(s => s.Id));
        Assert.Same(handle.Content, Bpmn.Node<SubProcess>(process, "onCancel").Content.Parent);
        Assert.Equal(["notice.remind"], process.Topics);
    }
}
