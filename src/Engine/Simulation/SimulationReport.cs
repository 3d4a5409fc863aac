namespace PropertyFlow.Engine.Simulation;

/// <summary>
/// What a simulation run saw: counts only, no ids and no wall-clock times, so the same files, options and seed give the
/// same report. Lists are sorted (processes by id and version, elements by id). <see cref="SimulationReportWriter"/> writes
/// it as JSON or as a summary for people.
/// </summary>
/// <param name="Start">Where the virtual clock started.</param>
/// <param name="End">The horizon: <see cref="Start"/> plus the simulated duration.</param>
/// <param name="Seed">The seed every delay was drawn from.</param>
/// <param name="InstancesPerProcess">Instances started at <see cref="Start"/> of each process with a none start event.</param>
/// <param name="Steps">Moments the clock stopped at, plus rounds of the external-task worker.</param>
/// <param name="StoppedEarly">The step limit stopped the run before the horizon.</param>
/// <param name="UserTasksCompleted">User and manual tasks the simulated people completed.</param>
/// <param name="ExternalTasksCompleted">External tasks the built-in worker completed.</param>
/// <param name="Processes">One entry per deployed definition (process id and version).</param>
/// <param name="Warnings">What the simulator could not do (a task whose form cannot be filled from its defaults), sorted.</param>
public sealed record SimulationReport(
    DateTimeOffset Start,
    DateTimeOffset End,
    int Seed,
    int InstancesPerProcess,
    int Steps,
    bool StoppedEarly,
    int UserTasksCompleted,
    int ExternalTasksCompleted,
    IReadOnlyList<SimulatedProcess> Processes,
    IReadOnlyList<string> Warnings);

/// <summary>The instances of one process version.</summary>
/// <param name="Id">The process id (definition key).</param>
/// <param name="Version">The version the simulation deployed.</param>
/// <param name="Name">The process name, when it has one.</param>
/// <param name="Started">Instances started, by the simulator or by a timer, message, signal or call activity.</param>
/// <param name="Completed">Instances that reached their end (a terminate end event included).</param>
/// <param name="Cancelled">Instances cancelled (as children of a terminated or cancelled parent).</param>
/// <param name="Active">Instances still running at the horizon: <see cref="Started"/> − <see cref="Completed"/> − <see cref="Cancelled"/>.</param>
/// <param name="Incidents">Incidents raised in those instances (the simulator resolves none).</param>
/// <param name="Elements">Every flow node of the process, by id.</param>
public sealed record SimulatedProcess(
    string Id,
    int Version,
    string? Name,
    int Started,
    int Completed,
    int Cancelled,
    int Active,
    int Incidents,
    IReadOnlyList<SimulatedElement> Elements);

/// <summary>What one flow node saw, counted from the history of every instance of its process version.</summary>
/// <param name="Id">The element id.</param>
/// <param name="Kind">The BPMN kind (<c>userTask</c>, <c>boundaryEvent</c>…).</param>
/// <param name="Entered">History lines <c>elementStarted</c>: a token arrived (a boundary or event sub-process start: it triggered).</param>
/// <param name="Completed">History lines <c>elementCompleted</c>: a token left.</param>
/// <param name="Cancelled">History lines <c>elementCancelled</c>: interrupted (by a boundary event, a terminate end…).</param>
/// <param name="Incidents">Incidents raised at the element.</param>
public sealed record SimulatedElement(string Id, string Kind, int Entered, int Completed, int Cancelled, int Incidents);
