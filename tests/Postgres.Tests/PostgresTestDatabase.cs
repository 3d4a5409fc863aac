using Npgsql;

namespace PropertyFlow.Postgres.Tests;

/// <summary>
/// A test needing PostgreSQL. The server comes from <c>PF_TEST_POSTGRES</c> (a connection string; scripts/test.sh
/// starts a throwaway cluster and sets it). Without it the test is skipped on a developer machine, but under CI
/// (<c>CI</c> set) it runs and fails with a message saying how to provide PostgreSQL: it never passes silently.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresTestDatabase.Server is null && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
        {
            Skip = $"No PostgreSQL: set {PostgresTestDatabase.Variable} (scripts/test.sh does) to run this test.";
        }
    }
}

/// <summary>
/// One database per test class (an xunit class fixture): created with a random name on the test server, dropped
/// (connections closed by force) when the class is done.
/// </summary>
public sealed class PostgresTestDatabase : IAsyncLifetime
{
    /// <summary>The environment variable with the test server's connection string.</summary>
    public const string Variable = "PF_TEST_POSTGRES";

    public static string? Server => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    private string? _name;

    /// <summary>The connection string of this class's database.</summary>
    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        if (Server is null && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
        {
            return; // a developer machine without PostgreSQL: every test here is skipped (PostgresFact)
        }

        var server = Server ?? throw new InvalidOperationException(
            $"PostgreSQL is required: {Variable} is not set. Run scripts/test.sh (it starts a throwaway cluster), or set {Variable} to a connection string of a server where this user may create databases.");
        _name = "pf_test_" + Guid.NewGuid().ToString("N");
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }

        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = _name }.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        if (_name is null || Server is not { } server)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(server);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
