using System.Net;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PropertyFlow.Server.Tests.Api;

namespace PropertyFlow.Server.Tests.Security;

/// <summary>
/// The console's pages, like the API's endpoints (<see cref="RoleMatrixTests"/>): every page the app maps is read
/// from its endpoint list and must be in this matrix; anonymous visitors are sent to the sign-in page, each role
/// opens exactly the pages docs/roles.md gives it (200, or 404 for an id that names nothing) and is sent to the
/// sign-in page for the others (to sign in as someone who may; the API answers 403 there instead). Only the sign-in
/// page, the language switch and the owners' link pages are public.
/// </summary>
public sealed class PageMatrixTests(ApiHost host) : IClassFixture<ApiHost>
{
    private static readonly string[] Staff = ["customer-service", "maintenance", "finance", "supervisor", "manager", "admin"];
    private static readonly string[] Oversight = ["supervisor", "manager", "admin"];
    private static readonly string[] Designers = ["manager", "admin"];
    private static readonly string[] ComplaintReaders = ["customer-service", "supervisor", "manager", "admin"];
    private static readonly string[] FinanceReaders = ["finance", "supervisor", "manager", "admin"];
    private static readonly string[] Everyone = [.. Staff, "worker"];

    /// <summary>Route template → who may open it. The worker account (external-task clients) opens no page.</summary>
    private static readonly Dictionary<string, string[]> Matrix = new()
    {
        [""] = Staff,
        ["tasks"] = Staff,
        ["tasks/{id:guid}"] = Staff,
        ["designer/{definitionId?}"] = Designers,
        ["monitor/{key?}"] = Oversight,
        ["monitor/instances"] = Oversight,
        ["monitor/instances/{id:guid}"] = Oversight,
        ["dashboard"] = Oversight,
        ["complaints"] = ComplaintReaders,
        ["complaints/{id:guid}"] = ComplaintReaders,
        ["surveys"] = ComplaintReaders,
        ["surveys/{id:guid}"] = ComplaintReaders,
        ["bills"] = FinanceReaders,
        ["statements"] = FinanceReaders,
    };

    /// <summary>Pages anyone may open.</summary>
    private static readonly string[] Public = ["Account/SignIn", "culture", "o/{communityCode}/complaint", "o/c/{token}", "o/s/{token}"];

    private List<string> PageRoutes()
    {
        var source = host.Services.GetRequiredService<EndpointDataSource>();
        return [.. source.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() is not null)
            .Select(e => e.RoutePattern.RawText ?? string.Empty)
            .Where(r => r != "Index") // the same page as "", by its name
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)];
    }

    [Fact]
    public void Matrix_CoversEveryPage()
    {
        var routes = PageRoutes();
        Assert.NotEmpty(routes);
        var missing = routes.Where(r => !Matrix.ContainsKey(r) && !Public.Contains(r)).ToList();
        Assert.True(missing.Count == 0, "pages missing from the matrix: " + string.Join(", ", missing));
    }

    [Fact]
    public async Task Anonymous_IsSentToSignIn_OnEveryStaffPage()
    {
        using var anonymous = host.Anonymous();
        foreach (var route in Matrix.Keys)
        {
            using var response = await anonymous.GetAsync(Path(route));
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"GET {Path(route)} anonymous: {(int)response.StatusCode}");
            Assert.Equal("/Account/SignIn", SignInTarget(response));
        }
    }

    [Fact]
    public async Task EachRole_OpensExactlyItsPages()
    {
        foreach (var role in Everyone)
        {
            using var client = await host.SignInAsync(role);
            foreach (var (route, allowed) in Matrix)
            {
                using var response = await client.GetAsync(Path(route));
                var status = response.StatusCode;
                if (allowed.Contains(role))
                {
                    Assert.True(status is HttpStatusCode.OK or HttpStatusCode.NotFound, $"{role} GET {Path(route)}: {(int)status}, expected to open it");
                }
                else
                {
                    Assert.True(status == HttpStatusCode.Redirect, $"{role} GET {Path(route)}: {(int)status}, expected the sign-in redirect");
                    Assert.Equal("/Account/SignIn", SignInTarget(response));
                }
            }
        }
    }

    /// <summary>The path a redirect goes to (absolute or relative Location).</summary>
    private static string? SignInTarget(HttpResponseMessage response) =>
        response.Headers.Location is { } location
            ? (location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString.Split('?')[0])
            : null;

    /// <summary>A concrete address for a route: ids that name nothing, optional parts left out.</summary>
    private static string Path(string route) => "/" + route
        .Replace("{id:guid}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
        .Replace("/{definitionId?}", string.Empty, StringComparison.Ordinal)
        .Replace("/{key?}", string.Empty, StringComparison.Ordinal);
}
