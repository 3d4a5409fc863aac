using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PropertyFlow.Engine.Calendars;
using PropertyFlow.Engine.Runtime;

namespace PropertyFlow.Server.Tests.Hosting;

/// <summary>PropertyFlow:Calendar: the shipped calendar by default, and no start on a missing or broken file.</summary>
public sealed class ServerCalendarTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "pf-server-tests", Guid.NewGuid().ToString("N"));

    public ServerCalendarTests() => Directory.CreateDirectory(_dir);

    [Fact]
    public async Task DefaultSetting_LoadsShippedMainlandCalendar()
    {
        await using var factory = Factory(calendar: null);

        var options = factory.Services.GetRequiredService<IOptions<EngineOptions>>().Value;

        Assert.Equal("中国大陆 Mainland China", options.Calendar?.Name);
        Assert.Contains(new DateOnly(2026, 10, 1), options.Calendar!.Holidays);
        Assert.Equal("Asia/Shanghai", options.TimeZone.Id);
    }

    [Fact]
    public async Task MissingFile_ServerDoesNotStart_MessageNamesTheFile()
    {
        var path = Path.Combine(_dir, "nowhere.json");
        await using var factory = Factory(path);

        var e = Assert.Throws<BusinessCalendarFileException>(() => factory.Services);

        Assert.Equal($"{path}: the calendar file does not exist", e.Message);
    }

    [Fact]
    public async Task BrokenFile_ServerDoesNotStart_MessageNamesLineAndProblem()
    {
        var path = Path.Combine(_dir, "broken.json");
        await File.WriteAllTextAsync(path, "{\n  \"makeUpWorkdays\": [\"2026-10-12\"]\n}\n");
        await using var factory = Factory(path);

        var e = Assert.Throws<BusinessCalendarFileException>(() => factory.Services);

        Assert.StartsWith($"{path}:2:22: $.makeUpWorkdays[0]: 2026-10-12 is a Monday, already a working day", e.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private WebApplicationFactory<Program> Factory(string? calendar) => new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
    {
        b.UseSetting("PropertyFlow:Database", Path.Combine(_dir, "flow.db"));
        b.UseSetting("PropertyFlow:Workflows", ""); // shipped processes only where a test asks for them
        if (calendar is not null)
        {
            b.UseSetting("PropertyFlow:Calendar", calendar);
        }

        b.UseEnvironment("Development");
    });
}
