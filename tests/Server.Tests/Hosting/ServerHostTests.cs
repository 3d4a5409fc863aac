using System.Net;
using System.Net.Http.Json;
using Hangfire;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using PropertyFlow.Engine;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime;

namespace PropertyFlow.Server.Tests.Hosting;

/// <summary>The real server host (SQLite file, Hangfire on in-memory storage) in a test host.</summary>
public sealed class ServerHostTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "pf-server-tests", Guid.NewGuid().ToString("N"));
    private WebApplicationFactory<Program> _factory = null!;

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        _factory = CreateFactory();
        return Task.CompletedTask;
    }

    private WebApplicationFactory<Program> CreateFactory() => new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
    {
        b.UseSetting("PropertyFlow:Database", Path.Combine(_dir, "flow.db"));
        b.UseSetting("PropertyFlow:Workflows", ""); // shipped processes only where a test asks for them
        b.UseEnvironment("Development");
    });

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task Healthz_AnswersOk()
    {
        using var client = _factory.CreateClient();
        var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", (await response.Content.ReadFromJsonAsync<Dictionary<string, string>>())!["status"]);
    }

    [Fact]
    public async Task PendingTimer_FromBeforeStart_IsFiredByHangfire()
    {
        const string xml = """
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">
              <bpmn:process id="wait" isExecutable="true">
                <bpmn:startEvent id="s" />
                <bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="w" />
                <bpmn:intermediateCatchEvent id="w"><bpmn:timerEventDefinition><bpmn:timeDate>2020-01-01T00:00:00Z</bpmn:timeDate></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
                <bpmn:sequenceFlow id="f1" sourceRef="w" targetRef="t" />
                <bpmn:userTask id="t" />
              </bpmn:process>
            </bpmn:definitions>
            """;
        // Before the server starts: an engine with no scheduler leaves a due timer pending in the database,
        // as a node that stopped before Hangfire ran it would.
        var services = new ServiceCollection();
        services.AddPropertyFlowEngine(db => db.UseEngineSqlite(Path.Combine(_dir, "flow.db")));
        Guid pending;
        await using (var offline = services.BuildServiceProvider())
        {
            var engine = offline.GetRequiredService<ProcessEngine>();
            await engine.EnsureDatabaseAsync();
            await engine.DeployAsync("wait.bpmn", xml);
            pending = (await engine.StartAsync("wait")).Id;
            Assert.Single(await engine.QueryTimersAsync(pending));
        }

        // The server's start-up hands the pending timer to Hangfire, which fires it on its own worker.
        var server = _factory.Services.GetRequiredService<ProcessEngine>();
        Assert.True(await EventuallyAsync(async () => (await server.QueryTasksAsync(new TaskQuery { InstanceId = pending })).Count == 1));

        // New work on the running server is scheduled through Hangfire too.
        var fresh = await server.StartAsync("wait");
        Assert.True(await EventuallyAsync(async () => (await server.QueryTasksAsync(new TaskQuery { InstanceId = fresh.Id })).Count == 1));
        Assert.Empty(await server.QueryTimersAsync());
        Assert.NotNull(_factory.Services.GetService<IBackgroundJobClient>());
    }

    /// <summary>Polls a condition on real time (Hangfire runs on its own worker threads) for up to 30 seconds.</summary>
    internal static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 300; i++)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }
}
