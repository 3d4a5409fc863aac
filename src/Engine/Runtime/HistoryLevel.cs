namespace PropertyFlow.Engine.Runtime;

/// <summary>
/// How much history a trigger writes (Camunda 7's history levels, simplified). History lines are most of the rows a
/// trigger writes, so a deployment that does not need an audit trail can trade it for throughput. Default
/// <see cref="Full"/>.
/// </summary>
public enum HistoryLevel
{
    /// <summary>Every line: instances, elements, tasks (with form values), variable changes, events, incidents.</summary>
    Full,

    /// <summary>
    /// Every line except variable changes, and task completions without their form values: who did what and when,
    /// not the data. Enough for the simulator's element counts and an instance's timeline.
    /// </summary>
    Activity,

    /// <summary>No history at all; <c>GetHistoryAsync</c> returns nothing. For throughput where nobody reads history.</summary>
    None,
}
