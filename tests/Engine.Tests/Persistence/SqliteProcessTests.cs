using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Engine.Tests.Fakes;

namespace PropertyFlow.Engine.Tests.Persistence;

/// <summary>
/// SQLite's process-wide settings: applied before SQLite initialises (here when this test assembly loads, as the
/// engine's registration does in the server), memory statistics are off for all the work that follows.
/// </summary>
public sealed class SqliteProcessTests
{
    /// <summary>Applies the settings before any test opens a connection, as <c>AddPropertyFlowEngine</c> does in a host.</summary>
#pragma warning disable CA2255 // a test assembly's own start-up, not a library's
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void ConfigureFirst() => FirstResult = SqliteProcess.Configure();

    private static bool FirstResult { get; set; }

    [DllImport("e_sqlite3", CallingConvention = CallingConvention.Cdecl)]
    private static extern long sqlite3_memory_used();

    [Fact]
    public async Task Configure_BeforeSqliteStarts_TurnsMemoryStatisticsOff()
    {
        Assert.True(FirstResult, "SQLite refused the setting: something initialised it before the module initializer");

        await using var env = await TestEngine.CreateAsync();
        await env.DeployAsync(Bpmn.Process("P", """
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="e" />
            <bpmn:endEvent id="e" />
            """));
        await env.Engine.StartAsync("P", new StartOptions());

        // With statistics on, SQLite counts every byte it holds (its page caches alone hold megabytes here).
        Assert.Equal(0, sqlite3_memory_used());
        Assert.True(SqliteProcess.Configure()); // applied once; later calls report the first outcome
    }
}
