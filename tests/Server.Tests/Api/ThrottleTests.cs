using System.Net;
using System.Net.Http.Json;

namespace PropertyFlow.Server.Tests.Api;

/// <summary>The host as in production (not Development): secure cookies, and sign-in throttling on the fake clock.</summary>
public sealed class ProductionApiHost : ApiHost
{
    protected override string EnvironmentName => "Production";
}

public sealed class ThrottleTests(ProductionApiHost host) : IClassFixture<ProductionApiHost>
{
    private static HttpClient From(ApiHost host, string address)
    {
        var client = host.Anonymous();
        client.DefaultRequestHeaders.Add(ApiHost.AddressHeader, address);
        return client;
    }

    private static Task<HttpResponseMessage> SignInAsync(HttpClient client, string user, string password) =>
        client.PostAsJsonAsync("/api/auth/sign-in", new { userName = user, password });

    [Fact]
    public async Task RepeatedFailures_ForOneAccount_AreSlowedDownEvenWithTheRightPassword_UntilTheDelayPasses()
    {
        using var client = From(host, "127.0.1.1");
        for (var i = 0; i < 5; i++)
        {
            using var failed = await SignInAsync(client, "finance", $"guess-{i}");
            await failed.AssertProblemAsync(HttpStatusCode.Unauthorized);
        }

        // The sixth failure is counted and starts a 2-second delay, then 4, 8…
        using (var sixth = await SignInAsync(client, "finance", "guess-6"))
        {
            await sixth.AssertProblemAsync(HttpStatusCode.Unauthorized);
        }

        using (var throttled = await SignInAsync(From(host, "127.0.1.2"), "finance", ApiHost.Password))
        {
            await throttled.AssertProblemAsync(HttpStatusCode.TooManyRequests);
            Assert.Equal(TimeSpan.FromSeconds(2), throttled.Headers.RetryAfter?.Delta);
        }

        host.Clock.Advance(TimeSpan.FromSeconds(2));
        using (var seventh = await SignInAsync(client, "finance", "guess-7"))
        {
            await seventh.AssertProblemAsync(HttpStatusCode.Unauthorized);
        }

        using (var doubled = await SignInAsync(client, "finance", ApiHost.Password))
        {
            Assert.Equal(TimeSpan.FromSeconds(4), doubled.Headers.RetryAfter?.Delta);
        }

        host.Clock.Advance(TimeSpan.FromSeconds(4));
        using var ok = await SignInAsync(client, "finance", ApiHost.Password);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task RepeatedFailures_FromOneAddress_AcrossAccounts_AreSlowedDown()
    {
        using var client = From(host, "127.0.2.1");
        for (var i = 0; i < 21; i++)
        {
            using var failed = await SignInAsync(client, $"sprayed-{i}", "Summer2026!");
            await failed.AssertProblemAsync(HttpStatusCode.Unauthorized);
        }

        using (var throttled = await SignInAsync(client, "maintenance", ApiHost.Password))
        {
            await throttled.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        }

        using (var elsewhere = await SignInAsync(From(host, "127.0.2.2"), "maintenance", ApiHost.Password))
        {
            Assert.Equal(HttpStatusCode.OK, elsewhere.StatusCode);
        }

        host.Clock.Advance(TimeSpan.FromSeconds(2));
        using var later = await SignInAsync(client, "maintenance", ApiHost.Password);
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
    }

    [Fact]
    public async Task SignIn_OutsideDevelopment_CookieIsSecure()
    {
        using var client = From(host, "127.0.3.1");
        using var response = await SignInAsync(client, "supervisor", ApiHost.Password);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Basic_OverPlainHttpOutsideDevelopment_IsRefusedWith421()
    {
        using var basic = host.Basic("worker");
        basic.DefaultRequestHeaders.Add(ApiHost.AddressHeader, "127.0.4.1");
        using var response = await basic.PostAsJsonAsync("/api/external-task/fetchAndLock", new { workerId = "w", maxTasks = 1, topics = Array.Empty<object>() });
        await response.AssertProblemAsync(HttpStatusCode.MisdirectedRequest);
    }
}
