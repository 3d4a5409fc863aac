namespace PropertyFlow.Engine.Parsing;

/// <summary>What kind of container an element sits in; start events depend on it.</summary>
internal enum ScopeKind
{
    Process,
    SubProcess,
    EventSubProcess,
}
