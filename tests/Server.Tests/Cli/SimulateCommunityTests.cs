using System.Text.Json;
using PropertyFlow.Server.Cli;

namespace PropertyFlow.Server.Tests.Cli;

/// <summary><c>simulate --units N</c>: the community mode of the verb, on the shipped processes copied beside the server.</summary>
public sealed class SimulateCommunityTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pf-simulate-community-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task SimulateUnits_PrintsTheKpiReport_AndTheJsonKeepsTheEngineKeysPlusCommunity()
    {
        var json = Path.Combine(_folder, "community.json");

        var (exitCode, output, error) = await Run("simulate", "--units", "30", "--days", "2", "--seed", "5", "--json", json);

        Assert.Equal(string.Empty, error);
        Assert.Equal(0, exitCode);
        Assert.Contains("Community 小区: 30 units", output, StringComparison.Ordinal);
        Assert.Contains("complaints 投诉:", output, StringComparison.Ordinal);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var root = report.RootElement;
        Assert.Equal(
            ["start", "end", "seed", "instancesPerProcess", "steps", "stoppedEarly", "userTasksCompleted", "externalTasksCompleted", "processes", "warnings", "community"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(5, root.GetProperty("seed").GetInt32());
        var community = root.GetProperty("community");
        Assert.Equal(30, community.GetProperty("units").GetInt32());
        Assert.Equal(
            ["units", "complaints", "onTime", "repairs", "billing", "surveys", "notices", "instances"],
            community.EnumerateObject().Select(p => p.Name));

        // the daily inspection ran on both mornings — each morning the timer's run and the one it starts for the
        // simulated community (one instance per active community) — in the process list and the KPI's instance count
        var processes = root.GetProperty("processes").EnumerateArray().ToDictionary(p => p.GetProperty("id").GetString()!);
        Assert.Equal(4, processes["daily-inspection"].GetProperty("started").GetInt32());
        Assert.Equal(processes.Values.Sum(p => p.GetProperty("started").GetInt32()), community.GetProperty("instances").GetProperty("started").GetInt32());
        Assert.Equal(processes["complaint"].GetProperty("started").GetInt32(), community.GetProperty("complaints").GetProperty("filed").GetInt32());
    }

    [Theory]
    [InlineData("--units", "0")]
    [InlineData("--units", "-3")]
    [InlineData("--units", "10", "--instances", "5")]
    [InlineData("--units", "10", "--vars", "{}")]
    public async Task SimulateUnits_BadInput_ExitCode2WithAClearLine(params string[] args)
    {
        var (exitCode, output, error) = await Run(["simulate", .. args]);

        Assert.Equal(2, exitCode);
        Assert.Equal(string.Empty, output);
        Assert.StartsWith("simulate: --", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SimulateUnits_ABrokenExtraProcess_IsRefusedLikeTheProcessMode()
    {
        var broken = Path.Combine(_folder, "broken.bpmn");
        await File.WriteAllTextAsync(broken, "<definitions><process id=");

        var (exitCode, _, error) = await Run("simulate", "--units", "10", "--days", "1", "--process", broken);

        Assert.Equal(2, exitCode);
        Assert.StartsWith(broken, error, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output, string Error)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await CommandLine.RunAsync(args, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }
}
