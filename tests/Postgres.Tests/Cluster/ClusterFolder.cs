using PropertyFlow.Server.Scheduling;

namespace PropertyFlow.Postgres.Tests.Cluster;

/// <summary>
/// The place of one test's server nodes: a temp folder (each node's content root below it, their logs, the notices'
/// pickup folders) and the cluster's shared clock-offset file, plus the settings every node of the cluster gets.
/// Deleted afterwards unless <c>PF_KEEP_CLUSTER_LOGS</c> is set.
/// </summary>
public sealed class ClusterFolder : IDisposable
{
    /// <summary>The demo accounts' password in these tests.</summary>
    public const string Password = "Cluster-Test-Password-1";

    public ClusterFolder()
    {
        Root = Path.Combine(Path.GetTempPath(), "pf-cluster", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        OffsetFile = Path.Combine(Root, "clock-offset.txt");
        OffsetFileTimeProvider.WriteOffset(OffsetFile, TimeSpan.Zero);
    }

    public string Root { get; }

    /// <summary>The file every node's clock adds to the system time (<see cref="ClockOptions.OffsetFile"/>).</summary>
    public string OffsetFile { get; }

    /// <summary>The settings of a node named <paramref name="node"/>: shared clock read on every reading, a sweep every second, the test password, a session that outlives the clock moves.</summary>
    public Dictionary<string, string> Settings(string node, IReadOnlyDictionary<string, string> database)
    {
        ArgumentNullException.ThrowIfNull(database);
        var settings = new Dictionary<string, string>(database)
        {
            ["PropertyFlow:Accounts:SeedPassword"] = Password,
            // The tests move the cluster's clock by days (to the next working morning); the one sign-in must outlive that.
            ["PropertyFlow:Accounts:SessionLifetime"] = "30.00:00:00",
            ["PropertyFlow:Clock:OffsetFile"] = OffsetFile,
            // Every clock reading reads the file again (not every 200 ms): a move must be seen by every node before the
            // test's next request. With the default interval, complaints started just after a move were started on the
            // old clock by a node that had not read the file yet: their "step late" timer was due at once and the sweep
            // fired it before the test looked for it (52 of 60 pending in one run of the kill test).
            ["PropertyFlow:Clock:RefreshInterval"] = "00:00:00",
            ["PropertyFlow:Scheduling:SweepInterval"] = "00:00:01",
            ["PropertyFlow:Notices:PickupFolder"] = Path.Combine(Root, node, "pickup"),
        };
        return settings;
    }

    /// <summary>The content root of a node.</summary>
    public string NodeFolder(string node) => Path.Combine(Root, node);

    public void Dispose()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("PF_KEEP_CLUSTER_LOGS")))
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException)
            {
                // a file still held by a dying process; the temp folder is cleaned by the system
            }
        }
    }
}
