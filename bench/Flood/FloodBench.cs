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
/// while flooding clients send GET /healthz as fast as they can (the baseline: what any traffic at that rate costs on
/// a machine whose cores the flooding clients share), then while the same clients post the public complaint form as
/// fast as they can, then quiet again. The flood comes from
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

        log.WriteLine($"baseline flood: {settings.Workers} clients from {settings.Addresses} addresses on GET /healthz, staff measured meanwhile");
        var floods = new List<Flooder>();
        for (var i = 0; i < settings.Addresses; i++)
        {
            floods.Add(await Flooder.CreateAsync(address, IPAddress.Parse(string.Create(CultureInfo.InvariantCulture, $"127.0.0.{i + 2}"))));
        }

        var baselineCounts = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var (baseline, baselineTime) = await FloodPhaseAsync(settings, floods, staff, paths, baselineCounts, PingAsync);

        log.WriteLine($"form flood: {settings.Workers} clients from {settings.Addresses} addresses, staff measured meanwhile");
        var counts = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var (flooded, floodTime) = await FloodPhaseAsync(settings, floods, staff, paths, counts, PostFormAsync);
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

        return Report(settings, paths, new Phases(quiet, baseline, flooded, after), counts, floodTime, baselineCounts, baselineTime, loadBefore, LoadAverage());
    }

    /// <summary>One flooding client: its own source address, connection and cookie jar, with the form's anti-forgery token.</summary>
    private sealed class Flooder : IDisposable
    {
        private Flooder(HttpClient client, byte[] body, byte[] oversizeBody)
        {
            Client = client;
            Body = body;
            OversizeBody = oversizeBody;
        }

        public HttpClient Client { get; }

        /// <summary>A valid form post, encoded once.</summary>
        public ReadOnlyMemory<byte> Body { get; }

        /// <summary>The same post with a description over the body limit (about 180 KB encoded).</summary>
        public ReadOnlyMemory<byte> OversizeBody { get; }

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

            var token = match.Groups[1].Success ? match.Groups[1].Value : match.Groups[2].Value;
            return new Flooder(client, await EncodeAsync(token, "楼上太吵 Too loud upstairs"), await EncodeAsync(token, new string('洪', 20_000)));
        }

        public void Dispose() => Client.Dispose();

        private static async Task<byte[]> EncodeAsync(string token, string description)
        {
            var form = new Dictionary<string, string>
            {
                ["Name"] = "洪水 Flood",
                ["Unit"] = "",
                ["Phone"] = "13800000000",
                ["Email"] = "flood@example.org",
                ["Category"] = "noise",
                ["Description"] = description,
                ["__RequestVerificationToken"] = token,
            };
            using var content = new FormUrlEncodedContent(form);
            return await content.ReadAsByteArrayAsync();
        }
    }

    /// <summary>
    /// Staff requests timed while every flooding client sends <paramref name="send"/> as fast as it can; the flood
    /// starts before the first staff request and stops after the last.
    /// </summary>
    private static async Task<(Dictionary<string, List<double>> Staff, TimeSpan Flood)> FloodPhaseAsync(FloodSettings settings, List<Flooder> floods,
        HttpClient staff, string[] paths, ConcurrentDictionary<string, int> counts, Func<Flooder, CancellationToken, Task<HttpResponseMessage>> send)
    {
        using var stop = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, settings.Workers)
            .Select(w => Task.Run(() => FloodAsync([.. floods.Where((_, i) => i % settings.Workers == w)], counts, send, stop.Token)))
            .ToList();
        while (counts.Values.Sum() < settings.Workers * 2 && clock.Elapsed < TimeSpan.FromMinutes(2))
        {
            await Task.Delay(50); // wall-clock wait for the flood to be under way: a benchmark, not a test
        }

        var timed = await StaffAsync(staff, paths, settings.Requests);
        await stop.CancelAsync();
        await Task.WhenAll(workers);
        return (timed, clock.Elapsed);
    }

    /// <summary>The baseline: the cheapest request the server answers, at the flood's rate.</summary>
    private static Task<HttpResponseMessage> PingAsync(Flooder flooder, CancellationToken stop) => flooder.Client.GetAsync("/healthz", stop);

    /// <summary>
    /// The public complaint form; one post in four over the body limit. The bodies are encoded once per client: the
    /// clients run in the server's process, and encoding a 180 KB body per post would fill the large-object heap and
    /// stop the server in full collections — the attacker's work, not the server's.
    /// </summary>
    private static async Task<HttpResponseMessage> PostFormAsync(Flooder flooder, CancellationToken stop)
    {
        var body = flooder.Sent++ % 4 == 3 ? flooder.OversizeBody : flooder.Body;
        using var content = new ReadOnlyMemoryContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-www-form-urlencoded");
        return await flooder.Client.PostAsync(FormPath, content, stop);
    }

    private static async Task FloodAsync(List<Flooder> flooders, ConcurrentDictionary<string, int> counts,
        Func<Flooder, CancellationToken, Task<HttpResponseMessage>> send, CancellationToken stop)
    {
        if (flooders.Count == 0)
        {
            return;
        }

        for (var turn = 0; !stop.IsCancellationRequested; turn++)
        {
            var flooder = flooders[turn % flooders.Count];
            string outcome;
            try
            {
                using var response = await send(flooder, stop);
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

    /// <summary>Staff latencies per path in each phase.</summary>
    private sealed record Phases(Dictionary<string, List<double>> Quiet, Dictionary<string, List<double>> Baseline,
        Dictionary<string, List<double>> Flood, Dictionary<string, List<double>> After);

    private static string Report(FloodSettings settings, string[] paths, Phases phases, ConcurrentDictionary<string, int> counts, TimeSpan floodTime,
        ConcurrentDictionary<string, int> baselineCounts, TimeSpan baselineTime, string? loadBefore, string? loadAfter)
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(c, $"Run {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores, {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}; one-minute load average {loadBefore ?? "?"} before, {loadAfter ?? "?"} after (other engineers' builds share the machine). {settings.Tasks:N0} open tasks; staff signed in as manager, one request at a time; {settings.Workers} flooding clients from {settings.Addresses} addresses, on the same 2 cores as the server.");
        sb.AppendLine();
        sb.AppendLine("Medians (p95 in brackets). *Baseline flood*: the same clients sending GET /healthz, the cheapest request the server answers, as fast as they can — what any traffic at that rate costs staff on this machine. *Form flood*: the same clients posting the public complaint form. The last column is the form flood's cost beyond that baseline.");
        sb.AppendLine();
        sb.AppendLine("| staff request | quiet | baseline flood | form flood | after | form flood ÷ quiet | form flood ÷ baseline flood |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var path in paths)
        {
            double M(Dictionary<string, List<double>> d) => Percentile(d[path], 50);
            string Cell(Dictionary<string, List<double>> d) => string.Create(c, $"{M(d):0.0} ms ({Percentile(d[path], 95):0.0})");
            sb.AppendLine(c, $"| GET {path} (n = {phases.Quiet[path].Count} per phase) | {Cell(phases.Quiet)} | {Cell(phases.Baseline)} | {Cell(phases.Flood)} | {Cell(phases.After)} | {M(phases.Flood) / M(phases.Quiet):0.00} | {M(phases.Flood) / M(phases.Baseline):0.00} |");
        }

        int Count(string code) => counts.GetValueOrDefault(code);
        double Rate(ConcurrentDictionary<string, int> d, TimeSpan t) => d.Values.Sum() / Math.Max(t.TotalSeconds, 0.001);
        sb.AppendLine();
        var other = string.Join(", ", counts.Where(kv => kv.Key is not ("302" or "429" or "413")).Select(kv => $"{kv.Key} × {kv.Value}"));
        sb.AppendLine(c, $"Baseline flood: {baselineCounts.Values.Sum():N0} requests in {baselineTime.TotalSeconds:0.0} s ({Rate(baselineCounts, baselineTime):0} per second). Form flood: {counts.Values.Sum():N0} posts in {floodTime.TotalSeconds:0.0} s ({Rate(counts, floodTime):0} per second). Accepted (302 to the status page): {Count("302"):N0}; refused 429 (rate limit): {Count("429"):N0}; refused 413 (body over 16 KB): {Count("413"):N0}; other: {(other.Length > 0 ? other : "none")}.");
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
