using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace PropertyFlow.Bench.Cluster;

/// <summary>
/// One node: the built PropertyFlow.Server.dll as its own process on a free loopback port, Provider=PostgreSql,
/// Development (demo accounts), its log read for the engine's start-up line.
/// </summary>
internal sealed partial class ServerNode : IAsyncDisposable
{
    public const string DemoPassword = "PropertyFlow-demo-2026";

    private readonly Process _process;
    private readonly TaskCompletionSource<string> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> _tail = [];
    private readonly string _outbox;

    private ServerNode(Process process, Uri address, string name, string outbox)
    {
        _process = process;
        Address = address;
        Name = name;
        _outbox = outbox;
    }

    public Uri Address { get; }

    public string Name { get; }

    /// <summary>From the process start to the engine's "Engine ready" log line (after migrations and the timer hand-over).</summary>
    public TimeSpan StartToReady { get; private set; }

    /// <summary>The "Engine ready" line.</summary>
    public string ReadyLine { get; private set; } = "";

    /// <summary>The hand-over's own figures from the ready line: pending, handed to Hangfire, already held, milliseconds.</summary>
    public (int Pending, int Scheduled, int Held, double Ms)? Handover { get; private set; }

    public static async Task<ServerNode> StartAsync(string name, string connectionString, TextWriter log, bool handOverAll = false)
    {
        var port = FreePort();
        var address = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"));
        var dll = Repository.ServerDll();
        var outbox = Directory.CreateTempSubdirectory("pf-bench-cluster-outbox-").FullName;
        var info = new ProcessStartInfo("dotnet", [dll, "--urls", address.ToString().TrimEnd('/')])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        info.Environment["PropertyFlow__Database__Provider"] = "PostgreSql";
        info.Environment["ConnectionStrings__PropertyFlow"] = connectionString;
        info.Environment["PropertyFlow__Notices__PickupFolder"] = outbox;
        info.Environment["PropertyFlow__HandOver"] = handOverAll ? "All" : "";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["Logging__LogLevel__PropertyFlow.Server.Scheduling.EngineStartup"] = "Information";
        info.Environment["Logging__Console__FormatterName"] = "simple";
        info.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        var watch = Stopwatch.StartNew();
        var process = Process.Start(info) ?? throw new InvalidOperationException("the server process did not start");
        var node = new ServerNode(process, address, name, outbox);
        process.OutputDataReceived += (_, e) => node.OnLine(e.Data, watch);
        process.ErrorDataReceived += (_, e) => node.OnLine(e.Data, watch);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exited = process.WaitForExitAsync();
        var ready = node._ready.Task;
        if (await Task.WhenAny(ready, exited, Task.Delay(TimeSpan.FromMinutes(30))) != ready)
        {
            throw new InvalidOperationException($"node {name} did not become ready:\n" + node.Tail());
        }

        // The engine's start-up ran; wait for Kestrel too.
        using var probe = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var health = await probe.GetAsync(new Uri("/healthz", UriKind.Relative));
                if (health.IsSuccessStatusCode)
                {
                    break;
                }
            }
            catch (HttpRequestException) when (attempt < 600)
            {
            }

            await Task.Delay(100); // real time: waiting for another process to listen, nothing measured
        }

        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"node {name} ready on {address} after {node.StartToReady.TotalSeconds:0.0} s: {node.ReadyLine}"));
        return node;
    }

    /// <summary>A client signed in (cookie) on this node as <paramref name="user"/>.</summary>
    public async Task<HttpClient> SignedInClientAsync(string user)
    {
        var handler = new SocketsHttpHandler { CookieContainer = new CookieContainer(), PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        var client = new HttpClient(handler) { BaseAddress = Address, Timeout = TimeSpan.FromMinutes(2) };
        using var signIn = await client.PostAsJsonAsync(new Uri("/api/auth/sign-in", UriKind.Relative), new { userName = user, password = DemoPassword });
        signIn.EnsureSuccessStatusCode();
        return client;
    }

    private void OnLine(string? line, Stopwatch watch)
    {
        if (line is null)
        {
            return;
        }

        lock (_tail)
        {
            _tail.Add(line);
            if (_tail.Count > 40)
            {
                _tail.RemoveAt(0);
            }
        }

        if (line.Contains("Engine ready;", StringComparison.Ordinal) && !_ready.Task.IsCompleted)
        {
            StartToReady = watch.Elapsed;
            ReadyLine = line[line.IndexOf("Engine ready;", StringComparison.Ordinal)..];
            var m = ReadyPattern().Match(line);
            if (m.Success)
            {
                int N(int g) => int.Parse(m.Groups[g].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
                Handover = (N(1), N(2), N(3), double.Parse(m.Groups[4].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture));
            }

            _ready.TrySetResult(line);
        }
    }

    private string Tail()
    {
        lock (_tail)
        {
            return string.Join('\n', _tail);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Stops the node the way a service manager does (SIGTERM, then SIGKILL after 30 s).</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_outbox, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [GeneratedRegex(@"Engine ready; ([\d,]+) pending timers and jobs: ([\d,]+) handed to Hangfire, ([\d,]+) already held by a live Hangfire job; hand-over took ([\d,.]+) ms")]
    private static partial Regex ReadyPattern();
}
