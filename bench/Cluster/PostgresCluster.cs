using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace PropertyFlow.Bench.Cluster;

/// <summary>
/// The database the nodes share: a fresh database with a random name on the given server, or on a throwaway cluster
/// started with the repository's scripts/postgres.sh (Debian's PostgreSQL, loopback, a temp folder), dropped and
/// stopped again at the end.
/// </summary>
internal sealed class PostgresCluster : IAsyncDisposable
{
    private readonly string _admin;
    private readonly string? _throwawayDir;
    private readonly string _database;

    private PostgresCluster(string admin, string? throwawayDir, string database)
    {
        _admin = admin;
        _throwawayDir = throwawayDir;
        _database = database;
        ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = database }.ConnectionString;
    }

    /// <summary>The bench database's connection string, as the nodes get it.</summary>
    public string ConnectionString { get; }

    /// <summary>The server's version, for the report.</summary>
    public string Version { get; private set; } = "?";

    /// <summary>Whether the cluster was started by the bench (fsync and synchronous commit off, as scripts/postgres.sh sets them).</summary>
    public bool Throwaway => _throwawayDir is not null;

    public static async Task<PostgresCluster> StartAsync(string? given, string repository, TextWriter log)
    {
        string admin;
        string? dir = null;
        if (given is not null)
        {
            admin = given;
        }
        else
        {
            var output = await Bash(repository, "source scripts/postgres.sh && pf_postgres_start && echo \"$PF_TEST_POSTGRES\" && echo \"$PF_POSTGRES_DIR\"");
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (lines.Length < 2)
            {
                throw new InvalidOperationException("scripts/postgres.sh did not start PostgreSQL: " + output);
            }

            (admin, dir) = (lines[^2], lines[^1]);
            log.WriteLine($"throwaway PostgreSQL started ({dir})");
        }

        var database = "pf_bench_" + Guid.NewGuid().ToString("N")[..12];
        await using (var source = NpgsqlDataSource.Create(admin))
        {
            await using var create = source.CreateCommand($"CREATE DATABASE \"{database}\" ENCODING 'UTF8'");
            await create.ExecuteNonQueryAsync();
        }

        var cluster = new PostgresCluster(admin, dir, database);
        await using (var source = NpgsqlDataSource.Create(cluster.ConnectionString))
        {
            await using var version = source.CreateCommand("SHOW server_version");
            cluster.Version = (string)(await version.ExecuteScalarAsync())!;
        }

        log.WriteLine($"database {database} on PostgreSQL {cluster.Version}");
        return cluster;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await using var source = NpgsqlDataSource.Create(_admin);
            await using var drop = source.CreateCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)");
            await drop.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException)
        {
        }

        if (_throwawayDir is not null)
        {
            await Bash(Directory.GetCurrentDirectory(), string.Create(CultureInfo.InvariantCulture,
                $"export PF_POSTGRES_DIR='{_throwawayDir}'; source '{ScriptPath()}' && pf_postgres_stop"));
        }
    }

    private static string ScriptPath() => Path.Combine(Repository.Root, "scripts", "postgres.sh");

    private static async Task<string> Bash(string workingDirectory, string script)
    {
        var info = new ProcessStartInfo("bash", ["-c", script])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(info) ?? throw new InvalidOperationException("bash did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"bash failed ({process.ExitCode}): {await stderr}");
        }

        return await stdout;
    }
}

/// <summary>Where the repository and the built server are, found above the benchmark's binaries by the solution file.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>The built server of the same configuration as this benchmark (src/Server/bin/&lt;configuration&gt;/&lt;tfm&gt;).</summary>
    public static string ServerDll()
    {
        var bin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var path = Path.Combine(Root, "src", "Server", "bin", bin.Parent!.Name, bin.Name, "PropertyFlow.Server.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("The server is not built (dotnet build bench/Cluster builds it).", path);
    }

    private static string FindRoot()
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
