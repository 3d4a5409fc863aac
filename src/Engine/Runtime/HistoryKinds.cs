namespace PropertyFlow.Engine.Runtime;

/// <summary>The kinds of history lines.</summary>
public static class HistoryKinds
{
    public const string InstanceStarted = "instanceStarted";
    public const string InstanceCompleted = "instanceCompleted";
    public const string InstanceTerminated = "instanceTerminated";
    public const string InstanceCancelled = "instanceCancelled";
    public const string InstanceMigrated = "instanceMigrated";
    public const string ElementStarted = "elementStarted";
    public const string ElementCompleted = "elementCompleted";
    public const string ElementCancelled = "elementCancelled";
    public const string TaskCreated = "taskCreated";
    public const string TaskAssigned = "taskAssigned";
    public const string TaskClaimed = "taskClaimed";
    public const string TaskUnclaimed = "taskUnclaimed";
    public const string TaskDelegated = "taskDelegated";
    public const string TaskCompleted = "taskCompleted";
    public const string TaskUpdated = "taskUpdated";
    public const string VariableSet = "variableSet";
    public const string TimerFired = "timerFired";
    public const string MessageReceived = "messageReceived";
    public const string SignalReceived = "signalReceived";
    public const string ErrorThrown = "errorThrown";
    public const string EscalationThrown = "escalationThrown";
    public const string IncidentCreated = "incidentCreated";
    public const string IncidentResolved = "incidentResolved";
}
