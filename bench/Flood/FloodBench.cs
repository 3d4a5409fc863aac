using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using PropertyFlow.Engine.Runtime;

namespace PropertyFlow.Bench.Flood;

/// <summary>
/// The real server (Program: SQLite in a temp folder, Hangfire, the console, the owners' pages) on a Kestrel socket on
/// 127.0.0.1. A signed-in staff client times the tasklist API and the tasklist page, first on a quiet server, then
/// while flooding clients post the public complaint form as fast as they can, then quiet again. The flood comes from
/// many real client addresses: every flooding client binds its socket to its own loopback address (127.0.0.2,
/// 127.0.0.3, …; all of 127/8 is loopback on Linux), because the server does not trust X-Forwarded-For and so sees
/// each connection's own source address, as it would on the internet. One post in four is over the 16 KB body limit.
/// </summary>
internal static partial class FloodBench
{
    private const string DemoPassword = "PropertyFlow-demo-2026";
    private const string FormPath = "/o/SG/complaint";

    [GeneratedRegex("""name="__RequestVerificationToken" type="hidden" value="([^"]+)"|type="hidden" name="__RequestVerificationToken" value="([^"]+)" """)]
    private static partial Regex AntiforgeryField();

    public static async Task<string> RunAsync(FloodSettings settings, TextWriter log)
    {
        var loadBefore = LoadAverage();
        var dir = Directory.CreateTempSubdirectory("pf-bench-flood-");
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseContentRoot(Path.Combine(RepositoryFolder(), "src", "Server"));
            b.UseSetting("PropertyFlow:Database", Path.Combine(dir.FullName, "flow.db"));
            b.UseSetting("PropertyFlow:Workflows", "");
            b.UseSetting("PropertyFlow:Notices:PickupFolder", Path.Combine(dir.FullName, "outbox-mail"));
            b.UseSetting("Logging:LogLevel:Default", "Warning");
            b.UseEnvironment("Development");
        });
        factory.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var address = new Uri(factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        var engine = factory.Services.GetRequiredService<ProcessEngine>();
        await engine.DeployAsync("complaint.bpmn", await File.ReadAllTextAsync(Path.Combine(RepositoryFolder(), "workflows", "complaint.bpmn")));
        await engine.DeployAsync("bench-task.bpmn", PropertyFlow.Bench.WebConsole.BenchProcess.OneTask);
        log.WriteLine($"seeding {settings.Tasks} open tasks");
        for (var i = 0; i < settings.Tasks; i++)
        {
            await engine.StartAsync("bench-task", new StartOptions { BusinessKey = string.Create(CultureInfo.InvariantCulture, $"bench-{i}") });
        }

        using var cookies = new HttpClientHandler { CookieContainer = new CookieContainer() };
        using var staff = new HttpClient(cookies) { BaseAddress = address };
        using (var signIn = await staff.PostAsJsonAsync("/api/auth/sign-in", new { userName = "manager", password = DemoPassword }))
        {
            signIn.EnsureSuccessStatusCode();
        }

        string[] paths = ["/api/tasks", "/tasks"];
        log.WriteLine($"quiet: {settings.Requests} requests each to {string.Join(", ", paths)}");
        var quiet = await StaffAsync(staff, paths, settings.Requests);

        log.WriteLine($"flood: {settings.Workers} clients from {settings.Addresses} addresses, staff measured meanwhile");
        var floods = new List<Flooder>();
        for (var i = 0; i < settings.Addresses; i++)
        {
            floods.Add(await Flooder.CreateAsync(address, IPAddress.Parse(string.Create(CultureInfo.InvariantCulture, $"127.0.0.{i + 2}"))));
        }

        var counts = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        using var stop = new CancellationTokenSource();
        var floodClock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, settings.Workers)
            .Select(w => Task.Run(() => FloodAsync([.. floods.Where((_, i) => i % settings.Workers == w)], counts, stop.Token)))
            .ToList();
        while (counts.Values.Sum() < settings.Workers * 2 && floodClock.Elapsed < TimeSpan.FromMinutes(2))
        {
            await Task.Delay(50); // wall-clock wait for the flood to be under way: a benchmark, not a test
        }

        var flooded = await StaffAsync(staff, paths, settings.Requests);
        await stop.CancelAsync();
        await Task.WhenAll(workers);
        floodClock.Stop();
        foreach (var flood in floods)
        {
            flood.Dispose();
        }

        log.WriteLine("quiet again");
        var after = await StaffAsync(staff, paths, settings.Requests);

        try
        {
            dir.Delete(recursive: true);
        }
        catch (IOException)
        {
        }

        return Report(settings, paths, quiet, flooded, after, counts, floodClock.Elapsed, loadBefore, LoadAverage());
    }

    /// <summary>One flooding client: its own source address, connection and cookie jar, with the form's anti-forgery token.</summary>
    private sealed class Flooder : IDisposable
    {
        private Flooder(HttpClient client, string token)
        {
            Client = client;
            Token = token;
        }

        public HttpClient Client { get; }

        public string Token { get; }

        public int Sent { get; set; }

        public static async Task<Flooder> CreateAsync(Uri address, IPAddress from)
        {
            var handler = new SocketsHttpHandler
            {
                UseCookies = true,
                CookieContainer = new CookieContainer(),
                AllowAutoRedirect = false,
                ConnectCallback = async (context, ct) =>
                {
                    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                    try
                    {
                        socket.Bind(new IPEndPoint(from, 0));
                        await socket.ConnectAsync(context.DnsEndPoint, ct);
                        return new NetworkStream(socket, ownsSocket: true);
                    }
                    catch
                    {
                        socket.Dispose();
                        throw;
                    }
                },
            };
            var client = new HttpClient(handler, disposeHandler: true) { BaseAddress = address };
            var html = await client.GetStringAsync(FormPath); // reading the form is not limited
            var match = AntiforgeryField().Match(html);
            if (!match.Success)
            {
                throw new InvalidOperationException("no anti-forgery field on " + FormPath);
            }

            return new Flooder(client, match.Groups[1].Success ? match.Groups[1].Value : match.Groups[2].Value);
        }

        public void Dispose() => Client.Dispose();
    }

    private static async Task FloodAsync(List<Flooder> flooders, ConcurrentDictionary<string, int> counts, CancellationToken stop)
    {
        if (flooders.Count == 0)
        {
            return;
        }

        for (var turn = 0; !stop.IsCancellationRequested; turn++)
        {
            var flooder = flooders[turn % flooders.Count];
            var oversize = flooder.Sent++ % 4 == 3;
            var form = new Dictionary<string, string>
            {
                ["Name"] = "洪水 Flood",
                ["Unit"] = "",
                ["Phone"] = "13800000000",
                ["Email"] = "flood@example.org",
                ["Category"] = "noise",
                ["Description"] = oversize ? new string('洪', 20_000) : "楼上太吵 Too loud upstairs",
                ["__RequestVerificationToken"] = flooder.Token,
            };
            string outcome;
            try
            {
                using var content = new FormUrlEncodedContent(form);
                using var response = await flooder.Client.PostAsync(FormPath, content, stop);
                outcome = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (HttpRequestException e)
            {
                outcome = "error: " + (e.HttpRequestError == HttpRequestError.Unknown ? e.Message : e.HttpRequestError.ToString());
            }

            counts.AddOrUpdate(outcome, 1, (_, n) => n + 1);
        }
    }

    private static async Task<Dictionary<string, List<double>>> StaffAsync(HttpClient client, string[] paths, int requests)
    {
        var times = paths.ToDictionary(p => p, _ => new List<double>(requests), StringComparer.Ordinal);
        for (var i = 0; i < 20; i++)
        {
            foreach (var path in paths)
            {
                using var warm = await client.GetAsync(path);
                warm.EnsureSuccessStatusCode();
            }
        }

        for (var i = 0; i < requests; i++)
        {
            foreach (var path in paths)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await client.GetAsync(path, HttpCompletionOption.ResponseContentRead);
                response.EnsureSuccessStatusCode();
                times[path].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
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

    private static string Report(FloodSettings settings, string[] paths, Dictionary<string, List<double>> quiet, Dictionary<string, List<double>> flooded,
        Dictionary<string, List<double>> after, ConcurrentDictionary<string, int> counts, TimeSpan floodTime, string? loadBefore, string? loadAfter)
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(c, $"Run {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores, {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}; one-minute load average {loadBefore ?? "?"} before, {loadAfter ?? "?"} after (other engineers' builds share the machine). {settings.Tasks:N0} open tasks; staff signed in as manager, one request at a time; {settings.Workers} flooding clients from {settings.Addresses} addresses.");
        sb.AppendLine();
        sb.AppendLine("| staff request | quiet median | quiet p95 | flood median | flood p95 | after median | after p95 | flood ÷ quiet, median | flood ÷ quiet, p95 |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var path in paths)
        {
            double M(Dictionary<string, List<double>> d) => Percentile(d[path], 50);
            double P(Dictionary<string, List<double>> d) => Percentile(d[path], 95);
            sb.AppendLine(c, $"| GET {path} (n = {quiet[path].Count} per phase) | {M(quiet):0.0} ms | {P(quiet):0.0} ms | {M(flooded):0.0} ms | {P(flooded):0.0} ms | {M(after):0.0} ms | {P(after):0.0} ms | {M(flooded) / M(quiet):0.00} | {P(flooded) / P(quiet):0.00} |");
        }

        var total = counts.Values.Sum();
        int Count(string code) => counts.GetValueOrDefault(code);
        sb.AppendLine();
        var other = string.Join(", ", counts.Where(kv => kv.Key is not ("302" or "429" or "413")).Select(kv => $"{kv.Key} × {kv.Value}"));
        sb.AppendLine(c, $"Flood: {total:N0} posts in {floodTime.TotalSeconds:0.0} s ({total / Math.Max(floodTime.TotalSeconds, 0.001):0} per second). Accepted (302 to the status page): {Count("302"):N0}; refused 429 (rate limit): {Count("429"):N0}; refused 413 (body over 16 KB): {Count("413"):N0}; other: {(other.Length > 0 ? other : "none")}.");
        return sb.ToString();
    }

    private static string? LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : null;

    /// <summary>The repository root, found above the benchmark's binaries by the solution file.</summary>
    private static string RepositoryFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PropertyFlow.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("PropertyFlow.sln was not found above the benchmark's binaries.");
    }
}
