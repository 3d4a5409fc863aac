using System.Net;
using System.Net.Http.Json;
using Hangfire;
using Hangfire.PostgreSql;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Server.Hosting;

namespace PropertyFlow.Postgres.Tests;

/// <summary>The real server with <c>PropertyFlow:Database:Provider=PostgreSql</c>: every context and Hangfire on PostgreSQL.</summary>
public sealed class ServerOnPostgresTests(PostgresTestDatabase database) : IClassFixture<PostgresTestDatabase>
{
    private const string Password = "Test-Password-1";

    private sealed class Host(string connectionString) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.UseSetting(DatabaseChoice.ProviderKey, "PostgreSql");
            builder.UseSetting($"ConnectionStrings:{DatabaseChoice.ConnectionStringName}", connectionString);
            builder.UseSetting("PropertyFlow:Accounts:SeedPassword", Password);
            builder.UseSetting("PropertyFlow:Notices:PickupFolder", Path.Combine(Path.GetTempPath(), "pf-pg-pickup", Guid.NewGuid().ToString("N")));
        }
    }

    [PostgresFact]
    public async Task Server_OnPostgreSql_MigratesEverything_SignsIn_AndRunsShippedProcesses()
    {
        await using var host = new Host(database.ConnectionString);
        using var client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

        // Accounts on PostgreSQL: user names compare without regard to case, as on SQLite.
        using (var signIn = await client.PostAsJsonAsync("/api/auth/sign-in", new { userName = "MANAGER", password = Password }))
        {
            Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        }

        Assert.IsType<PostgreSqlStorage>(host.Services.GetRequiredService<JobStorage>());
        var engine = host.Services.GetRequiredService<ProcessEngine>();
        var definitions = await engine.QueryDefinitionsAsync();
        Assert.NotEmpty(definitions); // the shipped processes were deployed on first start

        // Every context's migrations history lives in the one database, each in its own table.
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        foreach (var table in new[] { "__EFMigrationsHistory", "__property_migrations", "__notice_migrations", "__accounts_migrations" })
        {
            await using var count = new NpgsqlCommand($"SELECT count(*) FROM \"{table}\"", connection);
            Assert.True((long)(await count.ExecuteScalarAsync())! >= 1, table);
        }

        await using var communities = new NpgsqlCommand("SELECT count(*) FROM pm_communities", connection);
        Assert.Equal(1L, await communities.ExecuteScalarAsync()); // demo data seeded once
    }
}
