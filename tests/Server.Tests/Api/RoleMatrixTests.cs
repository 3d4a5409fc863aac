using System.Net;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace PropertyFlow.Server.Tests.Api;

/// <summary>
/// The role matrix of docs/api.md, checked against every endpoint the app actually maps (read from its
/// EndpointDataSource): a new endpoint that is not in the matrix fails <see cref="Matrix_CoversEveryApiEndpoint"/>.
/// </summary>
public sealed class RoleMatrixTests(ApiHost host) : IClassFixture<ApiHost>
{
    private static readonly string[] Staff = ["customer-service", "maintenance", "finance", "supervisor", "manager", "admin"];
    private static readonly string[] Oversight = ["supervisor", "manager", "admin"];
    private static readonly string[] Designers = ["manager", "admin"];
    private static readonly string[] Admins = ["admin"];
    private static readonly string[] Workers = ["worker", "admin"];
    private static readonly string[] Everyone = [.. Staff, "worker"];
    private static readonly string[] CustomerServiceAndUp = ["customer-service", .. Oversight];
    private static readonly string[] FinanceAndUp = ["finance", .. Oversight];

    /// <summary>Who may call what. Anything else gets 403.</summary>
    private static readonly Dictionary<string, string[]> Matrix = new()
    {
        ["POST /api/auth/sign-out"] = Everyone,
        ["GET /api/auth/me"] = Everyone,
        ["GET /api/accounts"] = Admins,
        ["GET /api/accounts/{userName}"] = Admins,
        ["POST /api/accounts"] = Admins,
        ["PUT /api/accounts/{userName}"] = Admins,
        ["GET /api/definitions"] = Staff,
        ["GET /api/definitions/{id}"] = Staff,
        ["GET /api/definitions/{id}/xml"] = Staff,
        ["POST /api/definitions"] = Designers,
        ["POST /api/definitions/validate"] = Designers,
        ["POST /api/definitions/simulate"] = Designers,
        ["POST /api/instances"] = Staff,
        ["GET /api/instances"] = Oversight,
        ["GET /api/instances/{id:guid}"] = Oversight,
        ["GET /api/instances/{id:guid}/history"] = Oversight,
        ["GET /api/instances/{id:guid}/timers"] = Oversight,
        ["GET /api/instances/{id:guid}/incidents"] = Oversight,
        ["GET /api/instances/{id:guid}/path"] = Oversight,
        ["GET /api/instances/{id:guid}/jobs"] = Oversight,
        ["POST /api/instances/{id:guid}/cancel"] = Oversight,
        ["POST /api/instances/{id:guid}/migrate"] = Designers,
        ["GET /api/tasks"] = Staff,
        ["GET /api/tasks/{id:guid}"] = Staff,
        ["GET /api/tasks/{id:guid}/history"] = Staff,
        ["POST /api/tasks/{id:guid}/claim"] = Staff,
        ["POST /api/tasks/{id:guid}/unclaim"] = Staff,
        ["POST /api/tasks/{id:guid}/delegate"] = Staff,
        ["POST /api/tasks/{id:guid}/complete"] = Staff,
        ["POST /api/messages"] = [.. Staff, "worker"],
        ["POST /api/signals"] = Oversight,
        ["GET /api/incidents"] = Oversight,
        ["POST /api/incidents/{id:guid}/retry"] = Oversight,
        ["POST /api/external-task/fetchAndLock"] = Workers,
        ["POST /api/external-task/{id:guid}/complete"] = Workers,
        ["POST /api/external-task/{id:guid}/failure"] = Workers,
        ["POST /api/external-task/{id:guid}/bpmnError"] = Workers,
        ["GET /api/dashboard"] = Oversight,
        ["GET /api/complaints"] = CustomerServiceAndUp,
        ["GET /api/complaints/{id:guid}"] = CustomerServiceAndUp,
        ["GET /api/surveys"] = CustomerServiceAndUp,
        ["GET /api/surveys/{id:guid}"] = CustomerServiceAndUp,
        ["GET /api/bills"] = FinanceAndUp,
        ["GET /api/bills.csv"] = FinanceAndUp,
        ["GET /api/statements"] = FinanceAndUp,
    };

    /// <summary>Open to anyone: signing in, the owners' public resource (docs/owners.md), and the API reference.</summary>
    private static readonly string[] Anonymous =
    [
        "GET /api/public/complaints/{token}",
        "GET /api/public/surveys/{token}",
        "POST /api/auth/sign-in",
        "POST /api/public/communities/{code}/complaints",
        "POST /api/public/complaints/{token}/rating",
        "POST /api/public/surveys/{token}/answers",
    ];

    private List<(string Key, string Method, string Pattern, bool AllowsAnonymous)> ApiEndpoints()
    {
        var source = host.Services.GetRequiredService<EndpointDataSource>();
        return [.. source.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .Where(e => !e.RoutePattern.RawText!.StartsWith("/api/docs", StringComparison.Ordinal)) // the reference page, checked in OpenApiTests
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => ($"{m} {e.RoutePattern.RawText!.TrimEnd('/')}", m, e.RoutePattern.RawText!.TrimEnd('/'), e.Metadata.GetMetadata<IAllowAnonymous>() is not null)))
            .OrderBy(e => e.Item1.EndsWith("/sign-out", StringComparison.Ordinal)) // signing out ends the client's session: last
            .ThenBy(e => e.Item1, StringComparer.Ordinal)];
    }

    private static HttpRequestMessage Request(string method, string pattern)
    {
        var path = pattern
            .Replace("{id:guid}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
            .Replace("{id}", "no-such-process:1", StringComparison.Ordinal)
            .Replace("{userName}", "no-such-user", StringComparison.Ordinal);
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        return request;
    }

    [Fact]
    public void Matrix_CoversEveryApiEndpoint()
    {
        var endpoints = ApiEndpoints();
        Assert.Equal(
            [.. Matrix.Keys.Concat(Anonymous).Order(StringComparer.Ordinal)],
            endpoints.Select(e => e.Key).Order(StringComparer.Ordinal).ToList());
        Assert.Equal(Anonymous, endpoints.Where(e => e.AllowsAnonymous).Select(e => e.Key));
    }

    [Fact]
    public async Task EveryApiEndpoint_AnonymousGets401ProblemDetails()
    {
        using var anonymous = host.Anonymous();
        foreach (var endpoint in ApiEndpoints().Where(e => !e.AllowsAnonymous))
        {
            using var response = await anonymous.SendAsync(Request(endpoint.Method, endpoint.Pattern));
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{endpoint.Key}: {(int)response.StatusCode}");
            await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        }
    }

    [Fact]
    public async Task EveryApiEndpoint_WrongBasicPasswordGets401()
    {
        using var wrong = host.Basic("nobody", "not-the-password");
        wrong.DefaultRequestHeaders.Add(ApiHost.AddressHeader, "127.0.0.77");
        foreach (var endpoint in ApiEndpoints().Where(e => !e.AllowsAnonymous).Take(5))
        {
            using var response = await wrong.SendAsync(Request(endpoint.Method, endpoint.Pattern));
            await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        }
    }

    [Theory]
    [InlineData("customer-service")]
    [InlineData("maintenance")]
    [InlineData("finance")]
    [InlineData("supervisor")]
    [InlineData("manager")]
    [InlineData("admin")]
    [InlineData("worker")]
    public async Task EveryApiEndpoint_RoleGetsExactlyWhatTheMatrixAllows(string role)
    {
        using var client = await host.SignInAsync(role);
        var failures = new List<string>();
        foreach (var endpoint in ApiEndpoints().Where(e => !e.AllowsAnonymous))
        {
            var allowed = Matrix[endpoint.Key].Contains(role);
            using var response = await client.SendAsync(Request(endpoint.Method, endpoint.Pattern));
            var status = (int)response.StatusCode;
            if (allowed && status is 401 or 403 or >= 500)
            {
                failures.Add($"{endpoint.Key}: allowed, but {status} {await response.Content.ReadAsStringAsync()}");
            }
            else if (!allowed)
            {
                if (status != 403)
                {
                    failures.Add($"{endpoint.Key}: forbidden, but {status}");
                }
                else
                {
                    await response.AssertProblemAsync(HttpStatusCode.Forbidden);
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }
}
