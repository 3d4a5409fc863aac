using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace PropertyFlow.Server.Tests.Hosting;

/// <summary>The Hangfire dashboard is there for managers and admins, and for nobody else.</summary>
public sealed class JobsDashboardTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "pf-server-tests", Guid.NewGuid().ToString("N"));
    private WebApplicationFactory<Program> _factory = null!;

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("PropertyFlow:Database", Path.Combine(_dir, "flow.db"));
            b.UseSetting("PropertyFlow:Workflows", "");
            b.UseEnvironment("Development");
        });
        return Task.CompletedTask;
    }

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

    private HttpClient Client(string? userName)
    {
        var client = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (userName is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{userName}:PropertyFlow-demo-2026")));
        }

        return client;
    }

    [Fact]
    public async Task Dashboard_ListsTheRecurringJobsForManagers_AndNobodyElse()
    {
        using var anonymous = Client(null);
        using var unsigned = await anonymous.GetAsync(new Uri("/hangfire/recurring", UriKind.Relative));
        Assert.NotEqual(HttpStatusCode.OK, unsigned.StatusCode);

        using var staff = Client("customer-service");
        using var forbidden = await staff.GetAsync(new Uri("/hangfire/recurring", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);

        using var manager = Client("manager");
        using var page = await manager.GetAsync(new Uri("/hangfire/recurring", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("notices-dispatch", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Data Source", html, StringComparison.OrdinalIgnoreCase);
    }
}
