using PropertyFlow.Engine.Model;

namespace PropertyFlow.Engine.Tests.Parsing;

/// <summary>Files as Camunda Modeler and other tools write them: any prefix, diagram interchange, pools.</summary>
public class CamundaModelerFileTests
{
    private const string ModelerFile =
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:modeler="http://camunda.org/schema/modeler/1.0" id="Definitions_1" targetNamespace="http://bpmn.io/schema/bpmn" exporter="Camunda Modeler" exporterVersion="5.20.0" modeler:executionPlatform="Camunda Platform" modeler:executionPlatformVersion="7.20.0">
          <bpmn:message id="Message_0abc" name="owner-replied" />
          <bpmn:process id="complaint" name="投诉处理" isExecutable="true" camunda:versionTag="v1" camunda:historyTimeToLive="180">
            <bpmn:startEvent id="StartEvent_1" name="投诉">
              <bpmn:extensionElements>
                <camunda:formData>
                  <camunda:formField id="summary" label="Summary" type="string">
                    <camunda:validation>
                      <camunda:constraint name="required" />
                    </camunda:validation>
                  </camunda:formField>
                </camunda:formData>
              </bpmn:extensionElements>
              <bpmn:outgoing>Flow_1</bpmn:outgoing>
            </bpmn:startEvent>
            <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_1" targetRef="record" />
            <bpmn:userTask id="record" name="信息收集" camunda:candidateGroups="customer-service" camunda:dueDate="PT4H">
              <bpmn:incoming>Flow_1</bpmn:incoming>
              <bpmn:outgoing>Flow_2</bpmn:outgoing>
            </bpmn:userTask>
            <bpmn:boundaryEvent id="overdue" name="4h" cancelActivity="false" attachedToRef="record">
              <bpmn:outgoing>Flow_5</bpmn:outgoing>
              <bpmn:timerEventDefinition id="TimerEventDefinition_1">
                <bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT4H</bpmn:timeDuration>
              </bpmn:timerEventDefinition>
            </bpmn:boundaryEvent>
            <bpmn:sequenceFlow id="Flow_5" sourceRef="overdue" targetRef="notifySupervisor" />
            <bpmn:sendTask id="notifySupervisor" name="通知主管" camunda:type="external" camunda:topic="notice.supervisor">
              <bpmn:incoming>Flow_5</bpmn:incoming>
            </bpmn:sendTask>
            <bpmn:sequenceFlow id="Flow_2" sourceRef="record" targetRef="Gateway_1" />
            <bpmn:exclusiveGateway id="Gateway_1" name="严重?" default="Flow_3">
              <bpmn:incoming>Flow_2</bpmn:incoming>
              <bpmn:outgoing>Flow_3</bpmn:outgoing>
              <bpmn:outgoing>Flow_4</bpmn:outgoing>
            </bpmn:exclusiveGateway>
            <bpmn:sequenceFlow id="Flow_3" sourceRef="Gateway_1" targetRef="waitReply" />
            <bpmn:sequenceFlow id="Flow_4" sourceRef="Gateway_1" targetRef="escalate">
              <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${severity == 'high'}</bpmn:conditionExpression>
            </bpmn:sequenceFlow>
            <bpmn:serviceTask id="escalate" name="升级" camunda:type="external" camunda:topic="complaint.escalate">
              <bpmn:incoming>Flow_4</bpmn:incoming>
              <bpmn:outgoing>Flow_6</bpmn:outgoing>
            </bpmn:serviceTask>
            <bpmn:receiveTask id="waitReply" name="等待业主回复" messageRef="Message_0abc">
              <bpmn:incoming>Flow_3</bpmn:incoming>
              <bpmn:outgoing>Flow_7</bpmn:outgoing>
            </bpmn:receiveTask>
            <bpmn:sequenceFlow id="Flow_6" sourceRef="escalate" targetRef="End_1" />
            <bpmn:sequenceFlow id="Flow_7" sourceRef="waitReply" targetRef="End_1" />
            <bpmn:endEvent id="End_1">
              <bpmn:incoming>Flow_6</bpmn:incoming>
              <bpmn:incoming>Flow_7</bpmn:incoming>
            </bpmn:endEvent>
            <bpmn:textAnnotation id="TextAnnotation_1">
              <bpmn:text>SLA 4 hours</bpmn:text>
            </bpmn:textAnnotation>
            <bpmn:association id="Association_1" sourceRef="record" targetRef="TextAnnotation_1" />
          </bpmn:process>
          <bpmndi:BPMNDiagram id="BPMNDiagram_1">
            <bpmndi:BPMNPlane id="BPMNPlane_1" bpmnElement="complaint">
              <bpmndi:BPMNShape id="_BPMNShape_StartEvent_2" bpmnElement="StartEvent_1">
                <dc:Bounds x="179" y="99" width="36" height="36" />
                <bpmndi:BPMNLabel>
                  <dc:Bounds x="186" y="142" width="22" height="14" />
                </bpmndi:BPMNLabel>
              </bpmndi:BPMNShape>
              <bpmndi:BPMNShape id="Activity_record_di" bpmnElement="record">
                <dc:Bounds x="270" y="77" width="100" height="80" />
              </bpmndi:BPMNShape>
              <bpmndi:BPMNEdge id="Flow_1_di" bpmnElement="Flow_1">
                <di:waypoint x="215" y="117" />
                <di:waypoint x="270" y="117" />
              </bpmndi:BPMNEdge>
            </bpmndi:BPMNPlane>
          </bpmndi:BPMNDiagram>
        </bpmn:definitions>
        """;

    [Fact]
    public void Parse_CamundaModelerFile_BuildsLinkedModel()
    {
        var result = Bpmn.Parse(ModelerFile);

        Assert.True(result.IsDeployable, string.Join("\n", result.Problems));
        Assert.Empty(result.Problems);
        Assert.Equal(ModelerFile, result.Document!.Xml);
        var process = Assert.Single(result.Document.Processes);
        Assert.Equal("complaint", process.Id);
        Assert.Equal("投诉处理", process.Name);
        Assert.Equal("v1", process.VersionTag);
        var record = Bpmn.Node<UserTask>(process, "record");
        Assert.Equal("customer-service", record.CandidateGroups);
        Assert.Equal("PT4H", record.DueDate);
        var overdue = Assert.Single(record.BoundaryEvents);
        Assert.False(overdue.CancelActivity);
        Assert.Equal(new TimerEventDefinition(new SourceLocation(Bpmn.LineOf(ModelerFile, "TimerEventDefinition_1"), 7), TimerKind.Duration, "PT4H"), overdue.Trigger);
        var gateway = Bpmn.Node<ExclusiveGateway>(process, "Gateway_1");
        Assert.Equal("Flow_3", gateway.DefaultFlow?.Id);
        Assert.Equal("${severity == 'high'}", process.Elements["Flow_4"] is SequenceFlow f ? f.Condition : null);
        Assert.Equal("owner-replied", Bpmn.Node<ReceiveTask>(process, "waitReply").MessageName);
        Assert.Equal(["complaint.escalate", "notice.supervisor"], result.ExternalTopicsHint);
        Assert.Equal(new SourceLocation(Bpmn.LineOf(ModelerFile, "<bpmn:userTask id=\"record\""), 5), process.GetNode("record").Location);
    }

    public static TheoryData<string, string> Prefixes => new()
    {
        { "bpmn2", ModelerFile.Replace("xmlns:bpmn=", "xmlns:bpmn2=", StringComparison.Ordinal).Replace("bpmn:", "bpmn2:", StringComparison.Ordinal) },
        { "semantic", ModelerFile.Replace("xmlns:bpmn=", "xmlns:semantic=", StringComparison.Ordinal).Replace("bpmn:", "semantic:", StringComparison.Ordinal) },
        { "default namespace", ModelerFile.Replace("xmlns:bpmn=", "xmlns=", StringComparison.Ordinal).Replace("<bpmn:", "<", StringComparison.Ordinal).Replace("</bpmn:", "</", StringComparison.Ordinal).Replace("\"bpmn:", "\"", StringComparison.Ordinal) },
        { "other camunda prefix", ModelerFile.Replace("xmlns:camunda=", "xmlns:cam=", StringComparison.Ordinal).Replace("camunda:", "cam:", StringComparison.Ordinal) },
    };

    [Theory]
    [MemberData(nameof(Prefixes))]
    public void Parse_OtherPrefixes_GiveSameModel(string variant, string xml)
    {
        Assert.NotEqual(ModelerFile, xml);
        var expected = Describe(Bpmn.ParseProcess(ModelerFile));

        var actual = Describe(Bpmn.ParseProcess(xml));

        Assert.True(expected.SequenceEqual(actual), variant);
    }

    [Fact]
    public void Parse_WrongBpmnNamespace_ReportsExpectedNamespace()
    {
        var xml = ModelerFile.Replace("http://www.omg.org/spec/BPMN/20100524/MODEL", "http://www.omg.org/spec/BPMN/20100524/MODEL-XMI", StringComparison.Ordinal);

        var problem = Bpmn.Error(xml);

        Assert.Equal(2, problem.Line);
        Assert.Contains("expected definitions in namespace http://www.omg.org/spec/BPMN/20100524/MODEL", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_CollaborationWithPools_RunsOnlyExecutableProcess()
    {
        var xml =
            $"""
            <bpmn:definitions {Bpmn.Namespaces} id="D">
              <bpmn:collaboration id="Collab">
                <bpmn:participant id="Owner" name="业主" processRef="ownerProcess" />
                <bpmn:participant id="Company" name="物业公司" processRef="main" />
                <bpmn:messageFlow id="MF1" sourceRef="Owner" targetRef="start" />
              </bpmn:collaboration>
              <bpmn:process id="ownerProcess" isExecutable="false">
                <bpmn:complexGateway id="notation_only" />
              </bpmn:process>
              <bpmn:process id="main" isExecutable="true">
                <bpmn:laneSet id="LS">
                  <bpmn:lane id="Lane_cs" name="客服"><bpmn:flowNodeRef>start</bpmn:flowNodeRef></bpmn:lane>
                </bpmn:laneSet>
                <bpmn:dataObjectReference id="DOR" dataObjectRef="DO" />
                <bpmn:dataObject id="DO" />
                <bpmn:dataStoreReference id="DSR" />
                <bpmn:group id="G" />
                <bpmn:startEvent id="start" />
              </bpmn:process>
            </bpmn:definitions>
            """;

        var process = Bpmn.ParseProcess(xml);

        Assert.Equal("main", process.Id);
        Assert.Single(process.AllNodes);
    }

    [Fact]
    public void Parse_PfAttributes_AreKeptByLocalName()
    {
        var process = Bpmn.ParseProcess(Bpmn.Process(
            """
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f" sourceRef="s" targetRef="t" pf:label="go" />
            <bpmn:userTask id="t" pf:calendar="working" pf:noticeTemplate="overdue" />
            """));

        var task = process.GetNode("t");
        Assert.Equal("working", task.PfAttributes["calendar"]);
        Assert.Equal("overdue", task.PfAttributes["noticeTemplate"]);
        Assert.Equal("go", process.Elements["f"].PfAttributes["label"]);
        Assert.Empty(process.GetNode("s").PfAttributes);
    }

    [Fact]
    public void Parse_Utf8StreamWithByteOrderMark_KeepsXmlWithoutMark()
    {
        using var stream = new MemoryStream([.. System.Text.Encoding.UTF8.GetPreamble(), .. System.Text.Encoding.UTF8.GetBytes(ModelerFile)]);

        var result = new PropertyFlow.Engine.Parsing.BpmnParser().Parse(stream);

        Assert.True(result.IsDeployable);
        Assert.Equal(ModelerFile, result.Document!.Xml);
    }

    [Fact]
    public void Parse_FormFieldIdEqualToElementId_IsNotADuplicate()
    {
        Bpmn.ParseProcess(Bpmn.Process(
            """
            <bpmn:startEvent id="amount">
              <bpmn:extensionElements><camunda:formData><camunda:formField id="amount" type="long" /></camunda:formData></bpmn:extensionElements>
            </bpmn:startEvent>
            """));
    }

    private static List<string> Describe(ProcessModel process) =>
        [.. process.Elements.Values.OrderBy(e => e.Id, StringComparer.Ordinal).Select(e => $"{e.GetType().Name} {e.Id} {e.Scope.Owner?.Id}")];
}
