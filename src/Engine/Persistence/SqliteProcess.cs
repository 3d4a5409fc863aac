namespace PropertyFlow.Engine.Persistence;

/// <summary>
/// SQLite's process-wide settings for the engine, applied once, before SQLite initialises: memory statistics off,
/// and the VFS that writes each commit to the log in one write (<see cref="WalWriteBatching"/>).
/// </summary>
/// <remarks>
/// With memory statistics on (SQLite's default), every allocation and free SQLite makes takes a process-wide mutex
/// to keep the count of memory in use: with a reader's page cache dropped and refilled on every read transaction
/// after a write, that was measured at 8–10 % of the complaint bench's CPU (docs/benchmarks.md, Findings). Nothing
/// here reads the statistics or sets SQLite's heap limits, which need them. SQLite takes such settings only before it
/// initialises: when another part of the process has opened a SQLite connection first, the call is refused and the
/// statistics stay on — the same results, a little slower. <see cref="EngineServiceCollectionExtensions"/> applies
/// this when the engine is registered on SQLite, before any connection opens.
/// </remarks>
internal static class SqliteProcess
{
    private static readonly Lazy<bool> Applied = new(Apply);

    /// <summary>Applies the settings once; true when SQLite took the memory-statistics setting.</summary>
    public static bool Configure() => Applied.Value;

    private static bool Apply()
    {
        // Loads the native library and tells SQLitePCL which one it is; SQLite itself is not initialised by this.
        SQLitePCL.Batteries_V2.Init();
        var statisticsOff = SQLitePCL.raw.sqlite3_config(SQLitePCL.raw.SQLITE_CONFIG_MEMSTATUS, 0) == 0;
        WalWriteBatching.Register(); // initialises SQLite (sqlite3_vfs_find)
        return statisticsOff;
    }
}
