using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Web.Tests.Fakes;
using PropertyFlow.Workflows.Catalog;

namespace PropertyFlow.Web.Tests;

/// <summary>
/// The real server (Program's host: SQLite file in a temp folder, Hangfire, the console) on a real Kestrel
/// socket on loopback, and Debian's headless Chromium driven by Playwright. Shared by a test class; each
/// test opens its own browser context (own cookies).
/// </summary>
public class ConsoleHost : IAsyncLifetime
{
    /// <summary>Debian's chromium; Playwright's own browser download is never used.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    /// <summary>
    /// How long a page action or an expectation may wait for its condition. These are liveness limits, not speed
    /// checks: on CI's two cores the designer's bundle can take many seconds to load while other test projects run,
    /// and a condition that holds ends the wait at once.
    /// </summary>
    public const float WaitLimitMs = 60_000;

    static ConsoleHost() => Assertions.SetDefaultExpectTimeout(WaitLimitMs);

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "pf-web-tests", Guid.NewGuid().ToString("N"));
    private WebApplicationFactory<Program> _factory = null!;
    private IPlaywright _playwright = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The server's address, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public ProcessEngine Engine => _factory.Services.GetRequiredService<ProcessEngine>();

    /// <summary>The server's services, for tests that seed domain data directly.</summary>
    public IServiceProvider Services => _factory.Services;

    /// <summary>Where screenshots go: <c>TestResults/screenshots</c> beside the test assembly.</summary>
    public static string ArtifactsDir { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        Directory.CreateDirectory(ArtifactsDir);
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("PropertyFlow:Database", Path.Combine(_dir, "flow.db"));
            b.UseSetting("PropertyFlow:Workflows", ""); // shipped processes only where a test asks for them
            b.UseSetting("PropertyFlow:Notices:PickupFolder", Path.Combine(_dir, "outbox-mail")); // never into the source tree
            b.UseEnvironment("Development");
            b.ConfigureServices(s => s.AddCatalogedHandler<TestNoticeHandler>());
            b.ConfigureTestServices(ConfigureTestServices);
        });
        _factory.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        var address = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        BaseAddress = new Uri(address);

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    /// <summary>Services a derived host replaces after the app registered its own (e.g. a fake clock).</summary>
    protected virtual void ConfigureTestServices(IServiceCollection services)
    {
    }

    /// <summary>The demo accounts' password in Development (README, docs/api.md).</summary>
    public const string DemoPassword = "PropertyFlow-demo-2026";

    /// <summary>A page in a fresh browser context, signed in as <paramref name="userName"/> (null: not signed in).</summary>
    public async Task<IPage> NewPageAsync(string? userName = "manager")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1400, Height = 900 },
            Locale = "en-US",
        });
        if (userName is not null)
        {
            // The context's request client shares the browser's cookie jar: the sign-in cookie lands there.
            var response = await context.APIRequest.PostAsync("/api/auth/sign-in", new APIRequestContextOptions
            {
                DataObject = new { userName, password = DemoPassword },
            });
            Assert.True(response.Ok, $"sign-in as {userName}: {response.Status}");
        }

        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(WaitLimitMs);
        return page;
    }

    /// <summary>An HTTP client signed in as the demo manager (HTTP Basic, allowed over plain HTTP in Development).</summary>
    public HttpClient CreateClient(string userName = "manager")
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{userName}:{DemoPassword}")));
        return client;
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactsDir, name + ".png"), FullPage = true });

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
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
}
