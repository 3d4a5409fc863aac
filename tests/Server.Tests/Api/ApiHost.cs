using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PropertyFlow.Engine.Runtime;

namespace PropertyFlow.Server.Tests.Api;

/// <summary>
/// The real server (SQLite file in a temp folder, Hangfire, seeded accounts) in a test host, on a fake clock that
/// starts at the real time (so Hangfire, which has its own clock, leaves the tests' timers alone). Requests may name
/// the caller's address in <see cref="AddressHeader"/> (default 127.0.0.1), since the test server has none.
/// </summary>
public class ApiHost : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string Password = "Test-Password-1";
    public const string AddressHeader = "X-Test-Address";

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "pf-api-tests", Guid.NewGuid().ToString("N"));

    public FakeTimeProvider Clock { get; } = new(TimeProvider.System.GetUtcNow());

    public string DatabasePath => Path.Combine(_dir, "flow.db");

    protected virtual string EnvironmentName => "Development";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(_dir);
        builder.UseEnvironment(EnvironmentName);
        builder.UseSetting("PropertyFlow:Database", DatabasePath);
        builder.UseSetting("PropertyFlow:Workflows", ""); // shipped processes only where a test asks for them
        builder.UseSetting("PropertyFlow:Notices:PickupFolder", Path.Combine(_dir, "outbox-mail")); // never into the source tree
        builder.UseSetting("PropertyFlow:Accounts:SeedPassword", Password);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<IStartupFilter>(new TestAddressFilter());
        });
    }

    public ProcessEngine Engine => Services.GetRequiredService<ProcessEngine>();

    public Task InitializeAsync()
    {
        _ = Server; // start the host (migrations, seeding) before the first test
        return Task.CompletedTask;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>A client that never follows redirects and keeps no cookies.</summary>
    public HttpClient Anonymous() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    /// <summary>A client signed in to the console (cookie) as the demo account <paramref name="userName"/>.</summary>
    public async Task<HttpClient> SignInAsync(string userName, string password = Password)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        using var response = await client.PostAsJsonAsync("/api/auth/sign-in", new { userName, password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return client;
    }

    /// <summary>A client sending HTTP Basic credentials with every request.</summary>
    public HttpClient Basic(string userName, string password = Password)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{userName}:{password}")));
        return client;
    }

    /// <summary>Deploys through the engine (not the API) for tests about other resources.</summary>
    public async Task<DeploymentResult> DeployAsync(string xml, string name = "test.bpmn") => await Engine.DeployAsync(name, xml);

    private sealed class TestAddressFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((HttpContext context, RequestDelegate nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse(context.Request.Headers[AddressHeader].FirstOrDefault() ?? "127.0.0.1");
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}

/// <summary>Inline BPMN for the API tests, and small helpers to read answers.</summary>
public static class Bpmn
{
    public static string Definitions(string body, string extraRoot = "") => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                          xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
                          id="defs" targetNamespace="http://propertyflow.org/tests">
          {extraRoot}
          {body}
        </bpmn:definitions>
        """;

    public static string Process(string id, string content, string extraRoot = "", string name = "") =>
        Definitions($"""<bpmn:process id="{id}" name="{name}" isExecutable="true">{content}</bpmn:process>""", extraRoot);

    /// <summary>
    /// A repair request: customer service records it (a form with a required description and an urgency 1–5, due
    /// in 2 hours), maintenance fixes it (due in 1 day), then it waits for the owner's confirmation message.
    /// </summary>
    public static string Repair(string key, string recordName = "Record 记录") => Process(key, $"""
        <bpmn:startEvent id="s" />
        <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="record" />
        <bpmn:userTask id="record" name="{recordName}" camunda:candidateGroups="customer-service" camunda:dueDate="PT2H">
          <bpmn:extensionElements>
            <camunda:formData>
              <camunda:formField id="description" label="Description 描述" type="string">
                <camunda:validation><camunda:constraint name="required" /></camunda:validation>
              </camunda:formField>
              <camunda:formField id="urgency" label="Urgency 紧急程度" type="long">
                <camunda:validation><camunda:constraint name="min" config="1" /><camunda:constraint name="max" config="5" /></camunda:validation>
              </camunda:formField>
            </camunda:formData>
          </bpmn:extensionElements>
        </bpmn:userTask>
        <bpmn:sequenceFlow id="f2" sourceRef="record" targetRef="fix" />
        <bpmn:userTask id="fix" name="Fix 维修" camunda:candidateGroups="maintenance" camunda:dueDate="P1D" />
        <bpmn:boundaryEvent id="late" attachedToRef="fix" cancelActivity="false"><bpmn:timerEventDefinition><bpmn:timeDuration>PT4H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
        <bpmn:sequenceFlow id="f2b" sourceRef="late" targetRef="lateEnd" />
        <bpmn:endEvent id="lateEnd" />
        <bpmn:sequenceFlow id="f3" sourceRef="fix" targetRef="confirm" />
        <bpmn:intermediateCatchEvent id="confirm"><bpmn:messageEventDefinition messageRef="M" /></bpmn:intermediateCatchEvent>
        <bpmn:sequenceFlow id="f4" sourceRef="confirm" targetRef="e" />
        <bpmn:endEvent id="e" />
        """, """<bpmn:message id="M" name="owner-confirmed" />""");

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.False(string.IsNullOrEmpty(text), $"{(int)response.StatusCode} with an empty body");
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>Asserts an RFC 9457 problem-details answer with <paramref name="status"/> and returns it.</summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(body);
        var problem = document.RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        return problem;
    }
}
