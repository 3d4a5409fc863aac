using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace PropertyFlow.Server.Tests.Api;

public sealed partial class OpenApiTests(ApiHost host) : IClassFixture<ApiHost>
{
    [Fact]
    public async Task OpenApiDocument_ListsEveryApiEndpoint()
    {
        using var client = host.Anonymous();
        using var response = await client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await response.ReadJsonAsync();
        Assert.Contains("PropertyFlow", document.GetProperty("info").GetProperty("title").GetString(), StringComparison.Ordinal);
        var documented = document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(m => $"{m.Name.ToUpperInvariant()} {p.Name}"))
            .ToHashSet(StringComparer.Ordinal);

        var mapped = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true && !e.RoutePattern.RawText.StartsWith("/api/docs", StringComparison.Ordinal))
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(m => $"{m} {Constraint().Replace(e.RoutePattern.RawText!.TrimEnd('/'), "}")}"))
            .ToList();
        Assert.True(mapped.Count > 30);
        Assert.All(mapped, endpoint => Assert.Contains(endpoint, documented));
    }

    [Fact]
    public async Task ReferencePage_IsServedFromThisHostWithoutACdn()
    {
        using var client = host.Anonymous();
        var page = await client.GetStringAsync("/api/docs/");
        Assert.Contains("PropertyFlow API", page, StringComparison.Ordinal);
        var scripts = ScriptSource().Matches(page).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(scripts);
        Assert.All(scripts, src => Assert.DoesNotContain("://", src, StringComparison.Ordinal));
        Assert.DoesNotContain("fonts.scalar.com", page, StringComparison.Ordinal);
        foreach (var src in scripts)
        {
            using var script = await client.GetAsync(new Uri(new Uri("http://localhost/api/docs/"), src));
            Assert.Equal(HttpStatusCode.OK, script.StatusCode);
            Assert.True((await script.Content.ReadAsByteArrayAsync()).Length > 1000, src);
        }
    }

    [GeneratedRegex(@":[a-z]+\}")]
    private static partial Regex Constraint();

    [GeneratedRegex("<script[^>]*src=\"([^\"]+)\"")]
    private static partial Regex ScriptSource();
}
