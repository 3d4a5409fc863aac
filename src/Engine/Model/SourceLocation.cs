namespace PropertyFlow.Engine.Model;

/// <summary>Where an element starts in its BPMN file (1-based line and column; 0 when unknown).</summary>
public readonly record struct SourceLocation(int Line, int Column)
{
    public static SourceLocation Unknown => default;

    public override string ToString() => $"{Line}:{Column}";
}
