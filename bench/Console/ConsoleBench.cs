using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PropertyFlow.Engine.Runtime;

namespace PropertyFlow.Bench.WebConsole;

/// <summary>
/// The real server (Program: SQLite in a temp folder, Hangfire, the console) on a Kestrel socket, measured from outside:
/// Debian's Chromium loads the designer with the complaint process, and an HTTP client calls the tasklist API with
/// <see cref="ConsoleBenchSettings.Tasks"/> open tasks seeded through the engine. Baselines from the same run: the
/// anonymous health probe and the signed-in "who am I" call (the cost of the host, routing and the cookie).
/// </summary>
internal static class ConsoleBench
{
    private const string ChromiumPath = "/usr/bin/chromium";
    private const string DemoPassword = "PropertyFlow-demo-2026";

    public static async Task<string> RunAsync(ConsoleBenchSettings settings, TextWriter log)
    {
        var loadBefore = LoadAverage();
        var dir = Directory.CreateTempSubdirectory("pf-bench-console-");
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            // An executable gets no content-root attribute from Mvc.Testing (test projects do): point at src/Server,
            // the folder beside the repository's workflows/, so the bundle and pages are served as in the tests.
            b.UseContentRoot(ServerSourceFolder());
            b.UseSetting("PropertyFlow:Database", Path.Combine(dir.FullName, "flow.db"));
            b.UseSetting("PropertyFlow:Workflows", "");
            b.UseSetting("PropertyFlow:Notices:PickupFolder", Path.Combine(dir.FullName, "outbox-mail"));
            b.UseEnvironment("Development");
        });
        factory.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var address = new Uri(factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        var engine = factory.Services.GetRequiredService<ProcessEngine>();
        await engine.DeployAsync("complaint.bpmn", await File.ReadAllTextAsync(Path.Combine(WorkflowsFolder(), "complaint.bpmn")));

        log.WriteLine($"designer: {settings.Loads} loads of /designer/complaint in Chromium");
        var designer = await DesignerLoadsAsync(address, settings.Loads);

        log.WriteLine($"seeding {settings.Tasks} open tasks through the engine");
        await engine.DeployAsync("bench-task.bpmn", BenchProcess.OneTask);
        var seeding = Stopwatch.StartNew();
        for (var i = 0; i < settings.Tasks; i++)
        {
            await engine.StartAsync("bench-task", new StartOptions { BusinessKey = string.Create(CultureInfo.InvariantCulture, $"bench-{i}") });
        }

        seeding.Stop();

        using var cookies = new HttpClientHandler { CookieContainer = new CookieContainer() };
        using var client = new HttpClient(cookies) { BaseAddress = address };
        using (var signIn = await client.PostAsJsonAsync("/api/auth/sign-in", new { userName = "manager", password = DemoPassword }))
        {
            signIn.EnsureSuccessStatusCode();
        }

        log.WriteLine($"API: {settings.Requests} requests per endpoint");
        var health = await TimeRequestsAsync(client, "/healthz", settings.Requests);
        var me = await TimeRequestsAsync(client, "/api/auth/me", settings.Requests);
        var tasks = await TimeRequestsAsync(client, "/api/tasks", settings.Requests);
        var mine = await TimeRequestsAsync(client, "/api/tasks?groups=true", settings.Requests);

        try
        {
            dir.Delete(recursive: true);
        }
        catch (IOException)
        {
        }

        return Report(settings, designer, seeding.Elapsed, [("GET /healthz (baseline, anonymous)", health), ("GET /api/auth/me (baseline, signed in)", me),
            ("GET /api/tasks (first 100 by due time)", tasks), ("GET /api/tasks?groups=true", mine)], loadBefore, LoadAverage());
    }

    /// <summary>Milliseconds from navigation start to the complaint process's shapes drawn, per load (one warm-up load not counted).</summary>
    private static async Task<List<double>> DesignerLoadsAsync(Uri address, int loads)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
        });
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = address.ToString(), ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        var signIn = await context.APIRequest.PostAsync("/api/auth/sign-in", new APIRequestContextOptions { DataObject = new { userName = "manager", password = DemoPassword } });
        if (!signIn.Ok)
        {
            throw new InvalidOperationException($"sign-in failed: {signIn.Status}");
        }

        var times = new List<double>();
        for (var i = 0; i <= loads; i++)
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync("/designer/complaint");
            await page.Locator("#canvas .djs-element[data-element-id='calm']").WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
            var ms = await page.EvaluateAsync<double>("performance.now()");
            if (i > 0)
            {
                times.Add(ms);
            }

            await page.CloseAsync();
        }

        return times;
    }

    private static async Task<List<double>> TimeRequestsAsync(HttpClient client, string path, int requests)
    {
        for (var i = 0; i < 20; i++)
        {
            using var warm = await client.GetAsync(path);
            warm.EnsureSuccessStatusCode();
        }

        var times = new List<double>(requests);
        for (var i = 0; i < requests; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await client.GetAsync(path, HttpCompletionOption.ResponseContentRead);
            response.EnsureSuccessStatusCode();
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return times;
    }

    /// <summary>Nearest-rank percentile.</summary>
    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    private static string Report(ConsoleBenchSettings settings, List<double> designer, TimeSpan seeding,
        IReadOnlyList<(string Name, List<double> Times)> api, string? loadBefore, string? loadAfter)
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(c, $"Run {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores, {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}; one-minute load average {loadBefore ?? "?"} before, {loadAfter ?? "?"} after (other engineers' builds share the machine).");
        sb.AppendLine();
        sb.AppendLine("| measure | n | median | p95 | min | max |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|");
        sb.AppendLine(c, $"| designer: navigation start → complaint process drawn (Chromium) | {designer.Count} | {Percentile(designer, 50):0} ms | {Percentile(designer, 95):0} ms | {designer.Min():0} ms | {designer.Max():0} ms |");
        foreach (var (name, times) in api)
        {
            sb.AppendLine(c, $"| {name}, {settings.Tasks:N0} open tasks | {times.Count} | {Percentile(times, 50):0.0} ms | {Percentile(times, 95):0.0} ms | {times.Min():0.0} ms | {times.Max():0.0} ms |");
        }

        sb.AppendLine();
        sb.AppendLine(c, $"Seeding {settings.Tasks:N0} instances with one open task each through `ProcessEngine.StartAsync` took {seeding.TotalSeconds:0.0} s ({seeding.TotalMilliseconds / settings.Tasks:0.00} ms per start).");
        return sb.ToString();
    }

    private static string? LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : null;

    /// <summary>The repository's <c>src/Server</c>, found above the benchmark's binaries by the solution file.</summary>
    private static string ServerSourceFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PropertyFlow.sln")))
            {
                return Path.Combine(dir.FullName, "src", "Server");
            }
        }

        throw new DirectoryNotFoundException("PropertyFlow.sln was not found above the benchmark's binaries.");
    }

    private static string WorkflowsFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "workflows");
            if (File.Exists(Path.Combine(candidate, "complaint.bpmn")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("workflows/complaint.bpmn was not found above the benchmark's binaries.");
    }
}
