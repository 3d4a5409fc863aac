using PropertyFlow.Engine.Model;

namespace PropertyFlow.Engine.Tests.Parsing;

public class GatewayParsingTests
{
    [Fact]
    public void Parse_Gateways_GiveTheirModelTypesAndDefaults()
    {
        var process = Bpmn.ParseProcess(Bpmn.Process(
            """
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="xor" />
            <bpmn:exclusiveGateway id="xor" default="xorDefault" />
            <bpmn:sequenceFlow id="xorDefault" sourceRef="xor" targetRef="or" />
            <bpmn:sequenceFlow id="xorHigh" sourceRef="xor" targetRef="and"><bpmn:conditionExpression>${amount > 1000}</bpmn:conditionExpression></bpmn:sequenceFlow>
            <bpmn:inclusiveGateway id="or" default="orDefault" />
            <bpmn:sequenceFlow id="orDefault" sourceRef="or" targetRef="end" />
            <bpmn:sequenceFlow id="orAlways" sourceRef="or" targetRef="end" />
            <bpmn:parallelGateway id="and" />
            <bpmn:sequenceFlow id="andA" sourceRef="and" targetRef="events" />
            <bpmn:sequenceFlow id="andB" sourceRef="and" targetRef="end" />
            <bpmn:eventBasedGateway id="events" />
            <bpmn:sequenceFlow id="e1" sourceRef="events" targetRef="paid" />
            <bpmn:sequenceFlow id="e2" sourceRef="events" targetRef="late" />
            <bpmn:sequenceFlow id="e3" sourceRef="events" targetRef="answer" />
            <bpmn:intermediateCatchEvent id="paid"><bpmn:messageEventDefinition messageRef="Msg" /></bpmn:intermediateCatchEvent>
            <bpmn:intermediateCatchEvent id="late"><bpmn:timerEventDefinition><bpmn:timeDuration>P7D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
            <bpmn:receiveTask id="answer" messageRef="Msg" />
            <bpmn:endEvent id="end" />
            """,
            """<bpmn:message id="Msg" name="paid" />"""));

        Assert.Equal("xorDefault", Bpmn.Node<ExclusiveGateway>(process, "xor").DefaultFlow?.Id);
        Assert.Equal("orDefault", Bpmn.Node<InclusiveGateway>(process, "or").DefaultFlow?.Id);
        Assert.Null(Bpmn.Node<ParallelGateway>(process, "and").DefaultFlow);
        Assert.Equal(["paid", "late", "answer"], Bpmn.Node<EventBasedGateway>(process, "events").Outgoing.Select(f => f.Target.Id));
        Assert.Equal(["orDefault", "orAlways", "andB"], process.GetNode("end").Incoming.Select(f => f.Id));
    }
}
