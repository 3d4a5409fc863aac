using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PropertyFlow.Postgres.Tests.Cluster;

/// <summary>
/// One real server node: <c>dotnet PropertyFlow.Server.dll</c> started as its own operating-system process on its own
/// loopback port, with its settings as environment variables (as an operator starts one, docs/operations.md). Its
/// output goes to a log file in the test's folder, shown when it fails to start. <see cref="Kill"/> is SIGKILL.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    /// <summary>
    /// The trait of the test classes that start server processes: scripts/test.sh runs them after every other test
    /// project has finished, so their nodes (and PostgreSQL) do not take the two cores from the browser tests.
    /// </summary>
    public const string Category = "Category";

    /// <inheritdoc cref="Category"/>
    public const string CategoryName = "ServerProcesses";

    /// <summary>How long a start (migrations, deploying the shipped processes, Hangfire) may take on a loaded machine.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(10);

    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _logGate = new();

    private ServerProcess(string name, Process process, StreamWriter log, string logPath, Uri address)
    {
        Name = name;
        _process = process;
        _log = log;
        LogPath = logPath;
        Address = address;
    }

    /// <summary>The node's name in messages.</summary>
    public string Name { get; }

    /// <summary>The node's base address (<c>http://127.0.0.1:port/</c>).</summary>
    public Uri Address { get; }

    /// <summary>The file with the node's standard output and error.</summary>
    public string LogPath { get; }

    /// <summary>True until the process has exited.</summary>
    public bool IsRunning => !_process.HasExited;

    /// <summary>
    /// The built server (<c>src/Server/bin/&lt;configuration&gt;/net10.0/PropertyFlow.Server.dll</c>, built with the tests), or the
    /// one <c>PF_SERVER_ASSEMBLY</c> names (a published server, or tests built to another folder).
    /// </summary>
    public static string ServerAssembly
    {
        get
        {
            if (Environment.GetEnvironmentVariable("PF_SERVER_ASSEMBLY") is { Length: > 0 } configured)
            {
                return File.Exists(configured) ? configured : throw new InvalidOperationException($"PF_SERVER_ASSEMBLY names {configured}, which does not exist.");
            }

            var here = new DirectoryInfo(AppContext.BaseDirectory);
            var root = here;
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "PropertyFlow.sln")))
            {
                root = root.Parent;
            }

            if (root is null)
            {
                throw new InvalidOperationException($"No PropertyFlow.sln above {AppContext.BaseDirectory}: cannot find the server to start.");
            }

            // tests/Postgres.Tests/bin/<configuration>/<framework>/: the server was built in the same configuration.
            var framework = here.Name;
            var configuration = here.Parent!.Name;
            var path = Path.Combine(root.FullName, "src", "Server", "bin", configuration, framework, "PropertyFlow.Server.dll");
            return File.Exists(path) ? path : throw new InvalidOperationException($"The server is not built: {path} is missing.");
        }
    }

    /// <summary>A free loopback port.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts a node in <paramref name="folder"/> (its content root) and waits until <c>/healthz</c> answers.</summary>
    public static async Task<ServerProcess> StartAsync(string name, string folder, IReadOnlyDictionary<string, string> settings, int? port = null)
    {
        Directory.CreateDirectory(folder);
        var address = new Uri($"http://127.0.0.1:{port ?? FreePort()}/");
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(ServerAssembly);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add(address.ToString().TrimEnd('/'));
        info.ArgumentList.Add("--contentRoot");
        info.ArgumentList.Add(folder);
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["Logging__LogLevel__PropertyFlow"] = "Information";
        foreach (var (key, value) in settings)
        {
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var logPath = Path.Combine(folder, $"{name}-{DateTime.UtcNow:HHmmssfff}.log");
        var log = new StreamWriter(logPath, append: false, Encoding.UTF8) { AutoFlush = true };
        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
        var node = new ServerProcess(name, process, log, logPath, address);
        process.OutputDataReceived += (_, e) => node.Write(e.Data);
        process.ErrorDataReceived += (_, e) => node.Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await node.WaitHealthyAsync();
        return node;
    }

    private void Write(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_logGate)
        {
            try
            {
                _log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // the node is being disposed; its last lines are not needed
            }
        }
    }

    private async Task WaitHealthyAsync()
    {
        using var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(10) };
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < StartTimeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Node {Name} exited with code {_process.ExitCode} while starting.\n{Tail()}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri("healthz", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException)
            {
                // busy starting
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250)); // polling a real process's start, not the clock under test
        }

        Kill();
        throw new TimeoutException($"Node {Name} did not answer /healthz within {StartTimeout}.\n{Tail()}");
    }

    /// <summary>The last lines of the node's log (for failure messages).</summary>
    public string Tail(int lines = 60)
    {
        lock (_logGate)
        {
            _log.Flush();
        }

        using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var all = reader.ReadToEnd().Split('\n');
        return $"--- {Name} ({LogPath}) ---\n" + string.Join('\n', all.TakeLast(lines));
    }

    /// <summary>SIGKILL: the process ends at once, in the middle of whatever it does; nothing of it runs after.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(); // SIGKILL on Linux, at once (the node is one process: no tree to walk first)
            _process.WaitForExit();
        }
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        lock (_logGate)
        {
            _log.Dispose();
        }

        return ValueTask.CompletedTask;
    }
}
