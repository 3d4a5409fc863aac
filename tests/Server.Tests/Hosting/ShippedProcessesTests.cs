using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using PropertyFlow.Engine.Runtime;

namespace PropertyFlow.Server.Tests.Hosting;

/// <summary>The first start deploys the shipped processes; later starts leave a manager's versions alone.</summary>
public sealed class ShippedProcessesTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "pf-server-tests", Guid.NewGuid().ToString("N"));

    private static string Process(string id, string task) => $"""
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">
          <bpmn:process id="{id}" isExecutable="true">
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="{task}" />
            <bpmn:userTask id="{task}" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "workflows"));
        File.WriteAllText(Path.Combine(_dir, "workflows", "a.bpmn"), Process("shipped-a", "t"));
        File.WriteAllText(Path.Combine(_dir, "workflows", "b.bpmn"), Process("shipped-b", "t"));
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }

        return Task.CompletedTask;
    }

    private WebApplicationFactory<Program> Server() => new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
    {
        b.UseSetting("PropertyFlow:Database", Path.Combine(_dir, "flow.db"));
        b.UseSetting("PropertyFlow:Workflows", Path.Combine(_dir, "workflows"));
        b.UseEnvironment("Development");
    });

    [Fact]
    public async Task FirstStart_DeploysEveryShippedFile_LaterStartsKeepTheManagersVersion()
    {
        await using (var first = Server())
        {
            var engine = first.Services.GetRequiredService<ProcessEngine>();
            var deployed = await engine.QueryDefinitionsAsync();
            Assert.Equal(["shipped-a", "shipped-b"], deployed.Select(d => d.Key).Order(StringComparer.Ordinal));
            Assert.All(deployed, d => Assert.Equal(1, d.Version));

            // A manager changes one of them in the designer.
            await engine.DeployAsync("a.bpmn", Process("shipped-a", "changed"));
        }

        // The shipped file itself changes too (an upgrade); the next start must not put it over the manager's version.
        File.WriteAllText(Path.Combine(_dir, "workflows", "a.bpmn"), Process("shipped-a", "upgraded"));
        await using var second = Server();
        var again = await second.Services.GetRequiredService<ProcessEngine>().QueryDefinitionsAsync("shipped-a");
        Assert.Equal(2, again.Max(d => d.Version));
        Assert.Equal(2, again.Count);
    }
}
