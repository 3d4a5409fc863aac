namespace PropertyFlow.Engine.Tests.Parsing;

/// <summary>Checks on sequence flows, gateways and links; each names the element and its line.</summary>
public class FlowStructureTests
{
    private const string Roots = """<bpmn:message id="Msg" name="m" />""";

    public static TheoryData<string, string, string, string> Checks => new()
    {
        {
            "duplicate id",
            """
            <bpmn:startEvent id="s" />
            <bpmn:task id="s" />
            """,
            "<bpmn:task id=\"s\"", "duplicate id 's' (first used by startEvent on line "
        },
        {
            "missing sourceRef target",
            """
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f" sourceRef="nowhere" targetRef="s2" />
            <bpmn:task id="s2" />
            """,
            "id=\"f\"", "sourceRef=\"nowhere\" names no flow node in process 'P'"
        },
        {
            "missing targetRef target",
            """
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f" sourceRef="s" targetRef="gone" />
            """,
            "id=\"f\"", "targetRef=\"gone\" names no flow node in process 'P'"
        },
        {
            "flow into another scope",
            """
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f" sourceRef="s" targetRef="inner" />
            <bpmn:subProcess id="sub"><bpmn:startEvent id="inner" /></bpmn:subProcess>
            """,
            "id=\"f\"", "targetRef=\"inner\" is inside sub-process 'sub' but the flow is at the process level; sequence flows cannot cross a sub-process border"
        },
        {
            "flow to a non-flow node",
            """
            <bpmn:startEvent id="s" />
            <bpmn:textAnnotation id="note" />
            <bpmn:sequenceFlow id="f" sourceRef="s" targetRef="note" />
            """,
            "id=\"f\"", "targetRef=\"note\" names no flow node"
        },
        {
            "exclusive gateway flow without condition",
            """
            <bpmn:startEvent id="s" />
            <bpmn:exclusiveGateway id="g" />
            <bpmn:sequenceFlow id="a" sourceRef="g" targetRef="s2"><bpmn:conditionExpression>${x}</bpmn:conditionExpression></bpmn:sequenceFlow>
            <bpmn:sequenceFlow id="b" sourceRef="g" targetRef="s2" />
            <bpmn:task id="s2" />
            """,
            "id=\"g\"", "flow 'b' out of exclusive gateway 'g' needs a condition or must be the gateway's default flow"
        },
        {
            "default flow not outgoing",
            """
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="in" sourceRef="s" targetRef="g" />
            <bpmn:inclusiveGateway id="g" default="in" />
            """,
            "id=\"g\"", "default flow 'in' is not an outgoing flow of inclusiveGateway 'g'"
        },
        {
            "default flow names nothing",
            """
            <bpmn:startEvent id="s" />
            <bpmn:exclusiveGateway id="g" default="missing" />
            """,
            "id=\"g\"", "default=\"missing\" names no sequence flow"
        },
        {
            "default flow with condition",
            """
            <bpmn:startEvent id="s" />
            <bpmn:exclusiveGateway id="g" default="a" />
            <bpmn:sequenceFlow id="a" sourceRef="g" targetRef="t"><bpmn:conditionExpression>${x}</bpmn:conditionExpression></bpmn:sequenceFlow>
            <bpmn:task id="t" />
            """,
            "id=\"g\"", "default flow 'a' of exclusiveGateway 'g' must not have a condition"
        },
        {
            "activity mixing conditional and plain flows",
            """
            <bpmn:startEvent id="s" />
            <bpmn:task id="t" />
            <bpmn:sequenceFlow id="a" sourceRef="t" targetRef="e"><bpmn:conditionExpression>${x}</bpmn:conditionExpression></bpmn:sequenceFlow>
            <bpmn:sequenceFlow id="b" sourceRef="t" targetRef="e" />
            <bpmn:endEvent id="e" />
            """,
            "id=\"t\"", "task 't' has conditional outgoing flows; flow 'b' needs a condition or must be the default flow"
        },
        {
            "event-based gateway to a task",
            """
            <bpmn:startEvent id="s" />
            <bpmn:eventBasedGateway id="g" />
            <bpmn:sequenceFlow id="f" sourceRef="g" targetRef="t" />
            <bpmn:userTask id="t" />
            """,
            "id=\"g\"", "event-based gateway target 't' (userTask) is not a message, timer or signal intermediate catch event nor a receive task"
        },
        {
            "event-based gateway to a link catch",
            """
            <bpmn:startEvent id="s" />
            <bpmn:eventBasedGateway id="g" />
            <bpmn:sequenceFlow id="f" sourceRef="g" targetRef="l" />
            <bpmn:intermediateCatchEvent id="l"><bpmn:linkEventDefinition name="x" /></bpmn:intermediateCatchEvent>
            """,
            "id=\"g\"", "event-based gateway target 'l' (link catch event)"
        },
        {
            "start event with incoming flow",
            """
            <bpmn:startEvent id="s" />
            <bpmn:task id="t" />
            <bpmn:sequenceFlow id="back" sourceRef="t" targetRef="s" />
            """,
            "id=\"s\"", "a startEvent cannot have incoming sequence flows (back)"
        },
        {
            "end event with outgoing flow",
            """
            <bpmn:startEvent id="s" />
            <bpmn:endEvent id="e" />
            <bpmn:sequenceFlow id="on" sourceRef="e" targetRef="t" />
            <bpmn:task id="t" />
            """,
            "id=\"e\"", "an end event cannot have outgoing sequence flows (on)"
        },
        {
            "link throw without catch",
            """
            <bpmn:startEvent id="s" />
            <bpmn:intermediateThrowEvent id="jump"><bpmn:linkEventDefinition name="toB" /></bpmn:intermediateThrowEvent>
            <bpmn:subProcess id="sub"><bpmn:startEvent id="ss" /><bpmn:intermediateCatchEvent id="c"><bpmn:linkEventDefinition name="toB" /></bpmn:intermediateCatchEvent></bpmn:subProcess>
            """,
            "id=\"jump\"", "link throw 'toB' has no link catch event with that name in the same scope"
        },
        {
            "two link catches with one name",
            """
            <bpmn:startEvent id="s" />
            <bpmn:intermediateCatchEvent id="c1"><bpmn:linkEventDefinition name="x" /></bpmn:intermediateCatchEvent>
            <bpmn:intermediateCatchEvent id="c2"><bpmn:linkEventDefinition name="x" /></bpmn:intermediateCatchEvent>
            """,
            "id=\"c2\"", "link name 'x' is already caught by 'c1' in this scope"
        },
        {
            "condition after a parallel gateway",
            """
            <bpmn:startEvent id="s" />
            <bpmn:parallelGateway id="g" />
            <bpmn:sequenceFlow id="f" sourceRef="g" targetRef="t"><bpmn:conditionExpression>${x}</bpmn:conditionExpression></bpmn:sequenceFlow>
            <bpmn:task id="t" />
            """,
            "id=\"g\"", "flow 'f' out of parallelGateway 'g' has a condition; conditions are not allowed after parallelGateway elements (use an inclusive gateway)"
        },
        {
            "condition that is not an expression",
            """
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f" sourceRef="s" targetRef="t"><bpmn:conditionExpression>amount > 5</bpmn:conditionExpression></bpmn:sequenceFlow>
            <bpmn:task id="t" />
            """,
            "id=\"f\"", "condition 'amount > 5' is not an expression; write it as ${amount > 5}"
        },
    };

    [Theory]
    [MemberData(nameof(Checks))]
    public void Parse_FlowMistake_IsReportedWithElementAndLine(string scenario, string content, string lineMarker, string message)
    {
        var xml = Bpmn.Process(content, Roots);

        var problems = Bpmn.Errors(xml);

        var problem = Assert.Single(problems, p => p.Message.Contains(message, StringComparison.Ordinal));
        Assert.True(problem.Line == Bpmn.LineOf(xml, lineMarker), $"{scenario}: expected line {Bpmn.LineOf(xml, lineMarker)}, got {problem}");
        Assert.NotNull(problem.ElementId);
        Assert.Single(problems);
    }

    [Fact]
    public void Parse_ElementWithoutOutgoingFlow_IsAnImplicitEnd()
    {
        var process = Bpmn.ParseProcess(Bpmn.Process(
            """
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f" sourceRef="s" targetRef="t" />
            <bpmn:task id="t" />
            """));

        Assert.Empty(process.GetNode("t").Outgoing);
    }

    [Fact]
    public void Parse_SeveralMistakes_AreReportedTogetherInFileOrder()
    {
        var xml = Bpmn.Process(
            """
            <bpmn:startEvent id="s" />
            <bpmn:complexGateway id="cg" />
            <bpmn:scriptTask id="js" scriptFormat="python"><bpmn:script>1</bpmn:script></bpmn:scriptTask>
            <bpmn:sequenceFlow id="f" sourceRef="s" targetRef="nowhere" />
            <bpmn:callActivity id="call" />
            """);

        var problems = Bpmn.Errors(xml);

        Assert.Equal(["cg", "js", "f", "call"], problems.Select(p => p.ElementId));
        Assert.Equal(problems.OrderBy(p => p.Line), problems);
    }
}
