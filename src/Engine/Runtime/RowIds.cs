namespace PropertyFlow.Engine.Runtime;

/// <summary>
/// New ids for the engine's rows and state: instances, tasks, timers, jobs, subscriptions, incidents, tokens and
/// scopes. They are version 7 UUIDs (RFC 9562): a millisecond timestamp from the engine's clock, then 74 random
/// bits.
/// </summary>
/// <remarks>
/// The ids are stored as text keys and indexed (the instance, task and timer tables, history by instance). A random
/// (version 4) id lands at a random place in each index, so every trigger dirtied a different page of every index and
/// its commit wrote all of them to the log; ids that grow with time are inserted at the end, into pages the previous
/// triggers had just written. docs/engine.md, "Ids that grow with time", has the measurement. The ids are not
/// secrets: nothing is granted by knowing one (owner links carry their own random tokens).
/// </remarks>
internal static class RowIds
{
    /// <summary>A new id stamped with <paramref name="at"/> (the engine's clock; before 1970 counts as 1970).</summary>
    public static Guid New(DateTimeOffset at) =>
        Guid.CreateVersion7(at < DateTimeOffset.UnixEpoch ? DateTimeOffset.UnixEpoch : at);
}
