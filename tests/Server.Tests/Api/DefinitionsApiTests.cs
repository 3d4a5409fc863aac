using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace PropertyFlow.Server.Tests.Api;

public sealed class DefinitionsApiTests(ApiHost host) : IClassFixture<ApiHost>
{
    private static StringContent Xml(string xml) => new(xml, Encoding.UTF8, "application/xml");

    [Fact]
    public async Task Deploy_XmlBody_NewVersionThenSameVersionThenNextVersion()
    {
        using var manager = await host.SignInAsync("manager");
        using var first = await manager.PostAsync("/api/definitions?name=repair-a.bpmn", Xml(Bpmn.Repair("repair-a")));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var deployed = (await first.ReadJsonAsync()).GetProperty("definitions")[0];
        Assert.Equal("repair-a:1", deployed.GetProperty("id").GetString());
        Assert.True(deployed.GetProperty("isNew").GetBoolean());
        Assert.Equal("/api/definitions/repair-a%3A1", first.Headers.Location?.OriginalString);

        using var same = await manager.PostAsync("/api/definitions?name=repair-a.bpmn", Xml(Bpmn.Repair("repair-a")));
        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        var unchanged = (await same.ReadJsonAsync()).GetProperty("definitions")[0];
        Assert.Equal(1, unchanged.GetProperty("version").GetInt32());
        Assert.False(unchanged.GetProperty("isNew").GetBoolean());

        using var changed = await manager.PostAsync("/api/definitions?name=repair-a.bpmn", Xml(Bpmn.Repair("repair-a", "Record v2")));
        Assert.Equal(HttpStatusCode.Created, changed.StatusCode);
        Assert.Equal("repair-a:2", (await changed.ReadJsonAsync()).GetProperty("definitions")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Deploy_MultipartFile_UsesTheFileName()
    {
        using var admin = await host.SignInAsync("admin");
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(Bpmn.Repair("repair-upload")));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", "drawn-in-modeler.bpmn");
        using var response = await admin.PostAsync("/api/definitions", form);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("drawn-in-modeler.bpmn", (await response.ReadJsonAsync()).GetProperty("resourceName").GetString());

        using var one = await admin.GetAsync("/api/definitions/repair-upload:1");
        Assert.Equal("drawn-in-modeler.bpmn", (await one.ReadJsonAsync()).GetProperty("resourceName").GetString());
    }

    [Fact]
    public async Task Deploy_FileWithProblems_Is400ListingFileLineColumnIdAndMessage()
    {
        using var manager = await host.SignInAsync("manager");
        var broken = Bpmn.Process("broken", """
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="nowhere" />
            <bpmn:complexGateway id="cx" />
            """);
        using var response = await manager.PostAsync("/api/definitions?name=broken.bpmn", Xml(broken));
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var problems = problem.GetProperty("problems").EnumerateArray().ToList();
        Assert.NotEmpty(problems);
        Assert.All(problems, p => Assert.StartsWith("broken.bpmn:", p.GetProperty("text").GetString(), StringComparison.Ordinal));
        Assert.Contains(problems, p => p.GetProperty("elementId").GetString() == "cx" && p.GetProperty("line").GetInt32() > 0
            && p.GetProperty("text").GetString()!.StartsWith($"broken.bpmn:{p.GetProperty("line").GetInt32()}:{p.GetProperty("column").GetInt32()}: cx: ", StringComparison.Ordinal));
        Assert.Empty(await host.Engine.QueryDefinitionsAsync("broken"));
    }

    [Theory]
    [InlineData("/api/definitions/validate?name=empty.bpmn", "")]
    [InlineData("/api/definitions/validate?name=empty.bpmn", " \r\n\t")]
    [InlineData("/api/definitions?name=empty.bpmn", "")]
    public async Task ValidateOrDeploy_EmptyFile_Is400NamingTheFile(string path, string body)
    {
        using var manager = await host.SignInAsync("manager");
        using var response = await manager.PostAsync(path, Xml(body));
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("The file is empty.", problem.GetProperty("detail").GetString());
        Assert.Equal("empty", problem.GetProperty("errors").GetProperty("file")[0].GetString());
        Assert.Empty(await host.Engine.QueryDefinitionsAsync("empty"));
    }

    [Fact]
    public async Task Validate_ReportsProblemsAndExternalTopicsWithoutDeploying()
    {
        using var manager = await host.SignInAsync("manager");
        var xml = Bpmn.Process("validate-only", """
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="call" />
            <bpmn:serviceTask id="call" camunda:type="external" camunda:topic="contractor.dispatch" />
            <bpmn:sequenceFlow id="f2" sourceRef="call" targetRef="e" />
            <bpmn:endEvent id="e" />
            """);
        using var ok = await manager.PostAsync("/api/definitions/validate?name=v.bpmn", Xml(xml));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var result = await ok.ReadJsonAsync();
        Assert.True(result.GetProperty("deployable").GetBoolean());
        Assert.Equal("contractor.dispatch", result.GetProperty("externalTopics")[0].GetString());
        Assert.Empty(await host.Engine.QueryDefinitionsAsync("validate-only"));

        using var bad = await manager.PostAsync("/api/definitions/validate?name=bad.bpmn", Xml("<not-bpmn/>"));
        var refused = await bad.ReadJsonAsync();
        Assert.False(refused.GetProperty("deployable").GetBoolean());
        Assert.StartsWith("bad.bpmn:", refused.GetProperty("problems")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListGetAndXml_ShowEveryVersionAndTheFileVerbatim()
    {
        var v1 = Bpmn.Repair("repair-list");
        var v2 = Bpmn.Repair("repair-list", "Record again");
        await host.DeployAsync(v1, "repair-list.bpmn");
        await host.DeployAsync(v2, "repair-list.bpmn");
        using var staff = await host.SignInAsync("customer-service");

        using var list = await staff.GetAsync("/api/definitions?key=repair-list");
        var process = Assert.Single((await list.ReadJsonAsync()).EnumerateArray());
        Assert.Equal(2, process.GetProperty("latestVersion").GetInt32());
        Assert.Equal(["repair-list:1", "repair-list:2"], process.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("id").GetString()));

        using var xml = await staff.GetAsync("/api/definitions/repair-list:1/xml");
        Assert.Equal("application/xml", xml.Content.Headers.ContentType?.MediaType);
        Assert.Equal(v1, await xml.Content.ReadAsStringAsync());

        using var missing = await staff.GetAsync("/api/definitions/repair-list:9");
        await missing.AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
