using System.Net;
using System.Net.Http.Json;
using System.Security;
using PropertyFlow.Server.Tests.Api;

namespace PropertyFlow.Server.Tests.Security;

/// <summary>
/// A manager's script is code the server runs. Each attack — reaching the CLR, the file system, the network or the
/// host process, looping forever, allocating without bound — is deployed and started through the REST API like
/// any process; each must end as an incident on its script task with a one-line reason, and the staff API must
/// keep answering while and after they run. The sandbox's own limits are unit-tested in the engine
/// (Engine.Tests/Expressions/SandboxTests); this shows the served product holds the same line.
/// </summary>
public sealed class HostileScriptTests(ApiHost host) : IClassFixture<ApiHost>
{
    public static TheoryData<string, string> Attacks => new()
    {
        { "clr", "importNamespace('System.IO').File.ReadAllText('/etc/passwd')" },
        { "clr-reflection", "getVariable.GetType().Assembly" },
        { "constructor-escape", "this.constructor.constructor('return process')().exit(1)" },
        { "file-system", "require('fs').readFileSync('/etc/passwd', 'utf8')" },
        { "network", "fetch('http://127.0.0.1:9/')" },
        { "network-xhr", "new XMLHttpRequest().open('GET', 'http://127.0.0.1:9/')" },
        { "endless-loop", "while (true) {}" },
        { "endless-async-loop", "Promise.resolve().then(function spin() { for (;;) {} })" },
        { "unbounded-allocation", "const rows = []; for (;;) rows.push('x'.repeat(1024))" },
        { "unbounded-string", "let s = 'x'; for (;;) s += s" },
        { "deep-recursion", "(function f() { return f(); })()" },
    };

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task Script_Attack_EndsAsIncidentAndHostServes(string name, string script)
    {
        using var manager = host.Basic("manager");
        var key = $"attack-{name}";
        using (var deployed = await manager.PostAsync($"/api/definitions?name={key}.bpmn", Xml(Process(key, script))))
        {
            Assert.Equal(HttpStatusCode.Created, deployed.StatusCode);
        }

        using var started = await manager.PostAsJsonAsync("/api/instances", new { processKey = key });
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var id = (await started.ReadJsonAsync()).GetProperty("id").GetGuid();

        using var incidents = await manager.GetAsync($"/api/instances/{id}/incidents");
        var incident = Assert.Single((await incidents.ReadJsonAsync()).EnumerateArray());
        Assert.Equal("attack", incident.GetProperty("elementId").GetString());
        var message = incident.GetProperty("message").GetString();
        Assert.False(string.IsNullOrWhiteSpace(message));
        Assert.DoesNotContain("\n", message, StringComparison.Ordinal);
        Assert.DoesNotContain("root:", message, StringComparison.Ordinal); // nothing of /etc/passwd came back

        using var detail = await manager.GetAsync($"/api/instances/{id}");
        Assert.Equal("active", (await detail.ReadJsonAsync()).GetProperty("status").GetString());
        await AssertServingAsync();
    }

    [Fact]
    public async Task RunawayScripts_StartedTogether_StaffPagesKeepAnswering()
    {
        using var manager = host.Basic("manager");
        using (var deployed = await manager.PostAsync("/api/definitions?name=spin.bpmn", Xml(Process("spin", "while (true) {}"))))
        {
            Assert.Equal(HttpStatusCode.Created, deployed.StatusCode);
        }

        var runaways = Enumerable.Range(0, 4).Select(async _ =>
        {
            using var client = host.Basic("manager");
            using var started = await client.PostAsJsonAsync("/api/instances", new { processKey = "spin" });
            Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        }).ToList();

        // Staff requests made while the scripts spin are answered, not queued behind them or failed.
        var staff = Enumerable.Range(0, 8).Select(_ => AssertServingAsync()).ToList();
        await Task.WhenAll(runaways.Concat(staff));

        using var incidents = await manager.GetAsync("/api/incidents");
        Assert.Equal(4, (await incidents.ReadJsonAsync()).EnumerateArray().Count(i => i.GetProperty("definitionId").GetString() == "spin:1"));
    }

    private async Task AssertServingAsync()
    {
        using var anonymous = host.Anonymous();
        using var health = await anonymous.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var staff = host.Basic("customer-service");
        using var tasks = await staff.GetAsync("/api/tasks");
        Assert.Equal(HttpStatusCode.OK, tasks.StatusCode);
    }

    private static StringContent Xml(string xml) => new(xml, System.Text.Encoding.UTF8, "application/xml");

    private static string Process(string key, string script) => Bpmn.Process(key, $"""
        <bpmn:startEvent id="s" />
        <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="attack" />
        <bpmn:scriptTask id="attack" scriptFormat="javascript"><bpmn:script>{SecurityElement.Escape(script)}</bpmn:script></bpmn:scriptTask>
        <bpmn:sequenceFlow id="f2" sourceRef="attack" targetRef="e" />
        <bpmn:endEvent id="e" />
        """);
}
