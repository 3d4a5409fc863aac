using Microsoft.Extensions.Configuration;
using PropertyFlow.Server.Hosting;

namespace PropertyFlow.Postgres.Tests;

/// <summary>Reading the database choice from configuration (no database needed).</summary>
public sealed class DatabaseChoiceTests
{
    [Theory]
    [InlineData("Oracle", "Host=db", "use Sqlite (the default) or PostgreSql")]
    [InlineData("PostgreSql", null, "ConnectionStrings:PropertyFlow is not set")]
    [InlineData("PostgreSql", "Database=flow", "names no Host")]
    public void DatabaseChoice_BadConfiguration_SaysWhatIsWrong(string provider, string? connectionString, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [DatabaseChoice.ProviderKey] = provider,
            [$"ConnectionStrings:{DatabaseChoice.ConnectionStringName}"] = connectionString,
        }).Build();

        var error = Assert.Throws<InvalidOperationException>(() => DatabaseChoice.From(configuration, "flow.db"));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DatabaseChoice_NothingConfigured_IsTheSqliteFile()
    {
        var choice = DatabaseChoice.From(new ConfigurationBuilder().Build(), "/data/flow.db");
        Assert.Equal(DatabaseProvider.Sqlite, choice.Provider);
        Assert.Equal("/data/flow.db", choice.SqlitePath);
        Assert.False(choice.IsPostgreSql);
    }
}
