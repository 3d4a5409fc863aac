namespace PropertyFlow.Engine.Simulation;

/// <summary>
/// The world around the processes of a simulation, played by a host (the community simulation's owners, bank and
/// survey answers): it acts at moments of its own and may fill in what simulated people enter in their tasks. The
/// simulator calls it after every step, so it also sees what the processes did. Everything it draws must come from the
/// seed and stable keys (see <see cref="SeededDraw"/>), never from ids or query order, or the report stops repeating.
/// </summary>
public interface ISimulationWorld
{
    /// <summary>The earliest moment the world wants to act next; null when nothing is planned.</summary>
    DateTimeOffset? NextActionAt { get; }

    /// <summary>
    /// Runs every action due at <paramref name="now"/> or earlier and looks at what the last step changed (new bills, open
    /// surveys…) to plan more. Called after every step, at the clock's reading. Returns how many actions it ran.
    /// </summary>
    Task<int> ActAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// What a simulated person enters in <paramref name="task"/> beyond the form's defaults (a bad rating, a text the form
    /// requires). Only values of fields the form has are used. Null or empty: the defaults alone.
    /// </summary>
    IReadOnlyDictionary<string, object?>? TaskValues(SimulatedTask task);
}

/// <summary>A user task the simulator is about to complete, by its stable place in the run.</summary>
/// <param name="ProcessKey">The process id.</param>
/// <param name="ElementId">The task's element id.</param>
/// <param name="InstanceKey">The instance's stable key (business key, or caller key and process).</param>
/// <param name="Occurrence">How often this element made a task in this instance (1 for the first).</param>
public sealed record SimulatedTask(string ProcessKey, string ElementId, string InstanceKey, int Occurrence);
