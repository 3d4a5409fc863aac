namespace PropertyFlow.Engine.Simulation;

/// <summary>
/// A user task a simulated person will complete at <see cref="At"/>. Ordered by time, then instance key, element id and
/// occurrence — a stable order, so ties are worked through the same way in every run (the task id only breaks ties that
/// cannot happen, so a sorted set never drops an entry).
/// </summary>
internal sealed record PlannedCompletion(
    DateTimeOffset At,
    string InstanceKey,
    string ElementId,
    int Occurrence,
    Guid TaskId,
    string DefinitionId,
    string ProcessKey) : IComparable<PlannedCompletion>
{
    public int CompareTo(PlannedCompletion? other)
    {
        if (other is null)
        {
            return 1;
        }

        var order = At.CompareTo(other.At);
        if (order == 0)
        {
            order = string.CompareOrdinal(InstanceKey, other.InstanceKey);
        }

        if (order == 0)
        {
            order = string.CompareOrdinal(ElementId, other.ElementId);
        }

        if (order == 0)
        {
            order = Occurrence.CompareTo(other.Occurrence);
        }

        return order != 0 ? order : TaskId.CompareTo(other.TaskId);
    }
}
