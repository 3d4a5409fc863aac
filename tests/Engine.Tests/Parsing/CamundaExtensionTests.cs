using PropertyFlow.Engine.Model;

namespace PropertyFlow.Engine.Tests.Parsing;

public class CamundaExtensionTests
{
    [Fact]
    public void Parse_FormData_ReadsFieldsConstraintsAndEnumValues()
    {
        var xml = Bpmn.Process(
            """
            <bpmn:startEvent id="s" />
            <bpmn:userTask id="record">
              <bpmn:extensionElements>
                <camunda:formData>
                  <camunda:formField id="owner" label="业主" type="string" defaultValue="${ownerName}">
                    <camunda:properties><camunda:property id="placeholder" value="name" /></camunda:properties>
                    <camunda:validation>
                      <camunda:constraint name="required" />
                      <camunda:constraint name="maxlength" config="50" />
                    </camunda:validation>
                  </camunda:formField>
                  <camunda:formField id="severity" label="Severity" type="enum" defaultValue="low">
                    <camunda:value id="low" name="一般" />
                    <camunda:value id="high" name="严重" />
                  </camunda:formField>
                  <camunda:formField id="area" type="double" />
                  <camunda:formField id="untyped" />
                </camunda:formData>
              </bpmn:extensionElements>
            </bpmn:userTask>
            """);

        var fields = Bpmn.Node<UserTask>(Bpmn.ParseProcess(xml), "record").FormFields;

        Assert.Equal(["owner", "severity", "area", "untyped"], fields.Select(f => f.Id));
        var owner = fields[0];
        Assert.Equal(("业主", "string", "${ownerName}"), (owner.Label, owner.Type, owner.DefaultValue));
        Assert.Equal([new("required", null), new("maxlength", "50")], owner.Validation);
        Assert.True(owner.IsRequired);
        Assert.Equal(Bpmn.LineOf(xml, "id=\"owner\""), owner.Location.Line);
        Assert.Equal([new("low", "一般"), new("high", "严重")], fields[1].EnumValues);
        Assert.Equal("double", fields[2].Type);
        Assert.Equal("string", fields[3].Type);
    }

    [Fact]
    public void Parse_InputOutput_ReadsTextListMapAndScript()
    {
        var process = Bpmn.ParseProcess(Bpmn.Process(
            """
            <bpmn:startEvent id="s" />
            <bpmn:serviceTask id="notify" camunda:type="external" camunda:topic="notice.send">
              <bpmn:extensionElements>
                <camunda:properties><camunda:property name="icon" value="mail" /></camunda:properties>
                <camunda:inputOutput>
                  <camunda:inputParameter name="to">${ownerEmail}</camunda:inputParameter>
                  <camunda:inputParameter name="channels">
                    <camunda:list>
                      <camunda:value>email</camunda:value>
                      <camunda:value>sms</camunda:value>
                    </camunda:list>
                  </camunda:inputParameter>
                  <camunda:inputParameter name="template">
                    <camunda:map>
                      <camunda:entry key="name">overdue</camunda:entry>
                      <camunda:entry key="tags"><camunda:list><camunda:value>fee</camunda:value></camunda:list></camunda:entry>
                    </camunda:map>
                  </camunda:inputParameter>
                  <camunda:inputParameter name="empty" />
                  <camunda:outputParameter name="sentAt">
                    <camunda:script scriptFormat="javascript">new Date().toISOString()</camunda:script>
                  </camunda:outputParameter>
                </camunda:inputOutput>
              </bpmn:extensionElements>
            </bpmn:serviceTask>
            """));

        var task = Bpmn.Node<ServiceTask>(process, "notify");
        Assert.Equal(5, task.Inputs.Count + task.Outputs.Count);
        Assert.Equal(new IoParameter("to", new IoText("${ownerEmail}")), task.Inputs[0]);
        var list = Assert.IsType<IoList>(task.Inputs[1].Value);
        Assert.Equal([new IoText("email"), new IoText("sms")], list.Items);
        var map = Assert.IsType<IoMap>(task.Inputs[2].Value);
        Assert.Equal("name", map.Entries[0].Key);
        Assert.Equal(new IoText("overdue"), map.Entries[0].Value);
        Assert.Equal([new IoText("fee")], Assert.IsType<IoList>(map.Entries[1].Value).Items);
        Assert.Equal(new IoText(string.Empty), task.Inputs[3].Value);
        Assert.Equal(new IoParameter("sentAt", new IoScript("javascript", "new Date().toISOString()")), Assert.Single(task.Outputs));
    }

    [Fact]
    public void Parse_ForeignExtensionElements_AreIgnored()
    {
        var process = Bpmn.ParseProcess(Bpmn.Process(
            """
            <bpmn:startEvent id="s">
              <bpmn:extensionElements><zeebe:properties xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" /></bpmn:extensionElements>
            </bpmn:startEvent>
            """));

        Assert.Single(process.AllNodes);
    }

    [Fact]
    public void Parse_IgnoredCamundaAttributes_AreWarningsNotErrors()
    {
        var result = Bpmn.Parse(Bpmn.Process(
            """
            <bpmn:startEvent id="s" camunda:initiator="starter" camunda:asyncBefore="true" />
            <bpmn:userTask id="t" camunda:asyncAfter="true" />
            <bpmn:exclusiveGateway id="g" camunda:asyncBefore="true" />
            """));

        Assert.True(result.IsDeployable);
        Assert.Equal(["s", "s", "t", "g"], result.Problems.Select(p => p.ElementId));
        Assert.All(result.Problems, p => Assert.Contains("warning: ", p.ToString(), StringComparison.Ordinal));
        Assert.Contains(result.Problems, p => p.ElementId == "t" && p.Message.Contains("camunda:asyncAfter", StringComparison.Ordinal));
    }
}
