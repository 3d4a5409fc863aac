using System.Xml;
using System.Xml.Linq;
using PropertyFlow.Engine.Model;

namespace PropertyFlow.Engine.Parsing;

/// <summary>Per-file state of one parse: options, problems found so far, root elements by id, topics.</summary>
internal sealed class ParseContext(BpmnParserOptions options)
{
    private readonly List<BpmnProblem> _problems = [];

    public static readonly XNamespace Bpmn = BpmnNamespaces.Model;

    public static readonly XNamespace Camunda = BpmnNamespaces.Camunda;

    public static readonly XNamespace Pf = BpmnNamespaces.PropertyFlow;

    public BpmnParserOptions Options { get; } = options;

    public IReadOnlyList<BpmnProblem> Problems => _problems;

    public bool HasErrors => _problems.Any(p => p.IsError);

    /// <summary><c>bpmn:message</c>, <c>signal</c>, <c>error</c> and <c>escalation</c> root elements by id.</summary>
    public Dictionary<string, XElement> RootElements { get; } = new(StringComparer.Ordinal);

    public SortedSet<string> Topics { get; } = new(StringComparer.Ordinal);

    public void Error(XObject at, string? elementId, string message) => Add(at, elementId, message, BpmnProblemSeverity.Error);

    public void Warning(XObject at, string? elementId, string message) => Add(at, elementId, message, BpmnProblemSeverity.Warning);

    public void Error(SourceLocation at, string? elementId, string message) =>
        _problems.Add(new BpmnProblem(at.Line, at.Column, elementId, Clip(message)));

    private void Add(XObject at, string? elementId, string message, BpmnProblemSeverity severity)
    {
        var location = Location(at);
        _problems.Add(new BpmnProblem(location.Line, location.Column, elementId, Clip(message), severity));
    }

    /// <summary>Longest value a message quotes from the file as it is. 80 characters.</summary>
    public const int MaxShown = 80;

    /// <summary>Longest problem message. 500 characters.</summary>
    public const int MaxMessage = 500;

    /// <summary>
    /// A value from the file, as a message quotes it: cut at <see cref="MaxShown"/> characters. A mutated or pasted file
    /// can put a whole script or document into an attribute, and a problem stays one readable line.
    /// </summary>
    public static string Shown(string? value) =>
        value is null || value.Length <= MaxShown ? value ?? "" : string.Concat(value.AsSpan(0, MaxShown), "…");

    /// <summary>
    /// A message on one line (line breaks quoted from the file become spaces); one longer than <see cref="MaxMessage"/>
    /// keeps its beginning and its end (what is wrong, and what to do).
    /// </summary>
    private static string Clip(string message)
    {
        if (message.Contains('\n', StringComparison.Ordinal) || message.Contains('\r', StringComparison.Ordinal))
        {
            message = message.ReplaceLineEndings(" ");
        }

        if (message.Length <= MaxMessage)
        {
            return message;
        }

        const int Half = (MaxMessage - 5) / 2;
        return string.Concat(message.AsSpan(0, Half), " … ", message.AsSpan(message.Length - Half));
    }

    /// <summary>Line and column of an element's <c>&lt;</c> (or of an attribute's name).</summary>
    public static SourceLocation Location(XObject at)
    {
        if (at is not IXmlLineInfo info || !info.HasLineInfo())
        {
            return SourceLocation.Unknown;
        }

        return new SourceLocation(info.LineNumber, at is XElement ? Math.Max(1, info.LinePosition - 1) : info.LinePosition);
    }

    public static bool IsBpmn(XElement e) => e.Name.Namespace == Bpmn;

    public static bool IsCamunda(XElement e) => e.Name.Namespace == Camunda;

    /// <summary>An unqualified attribute, trimmed; null when absent or blank.</summary>
    public static string? Attr(XElement e, string name) => Clean(e.Attribute(name)?.Value);

    /// <summary>A <c>camunda:</c> attribute, trimmed; null when absent or blank.</summary>
    public static string? CamundaAttr(XElement e, string name) => Clean(e.Attribute(Camunda + name)?.Value);

    public static string? Id(XElement e) => Attr(e, "id");

    /// <summary>Text content of a child in the BPMN namespace, trimmed; null when absent or blank.</summary>
    public static string? ChildText(XElement e, string localName) => Clean(e.Element(Bpmn + localName)?.Value);

    public static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>Reads an xsd:boolean attribute; a value other than true/false/1/0 is a problem and gives the default.</summary>
    public bool Bool(XElement e, XName name, string? elementId, bool defaultValue)
    {
        var text = Clean(e.Attribute(name)?.Value);
        switch (text)
        {
            case null:
                return defaultValue;
            case "true" or "1":
                return true;
            case "false" or "0":
                return false;
            default:
                Error(e, elementId, $"{name.LocalName}=\"{Shown(text)}\" must be true or false");
                return defaultValue;
        }
    }

    /// <summary>
    /// Looks up a root element (message, signal, error, escalation) named by <paramref name="attribute"/> of
    /// <paramref name="e"/>. A QName prefix (<c>tns:Message_1</c>) is tolerated. Reports a problem when the
    /// reference names nothing or names another kind of element.
    /// </summary>
    public XElement? ResolveRoot(XElement e, string attribute, string kind, string? elementId)
    {
        var reference = Attr(e, attribute);
        if (reference is null)
        {
            return null;
        }

        if (!RootElements.TryGetValue(reference, out var root))
        {
            var colon = reference.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0 || !RootElements.TryGetValue(reference[(colon + 1)..], out root))
            {
                Error(e, elementId, $"{attribute}=\"{Shown(reference)}\" names no bpmn:{kind} in this file");
                return null;
            }
        }

        if (root.Name.LocalName != kind)
        {
            Error(e, elementId, $"{attribute}=\"{Shown(reference)}\" names a bpmn:{root.Name.LocalName}, not a bpmn:{kind}");
            return null;
        }

        return root;
    }

    /// <summary>The one value of <c>pf:calendar</c>: count durations in working time.</summary>
    public const string WorkingCalendar = "working";

    /// <summary>
    /// True when <paramref name="e"/> has <c>pf:calendar="working"</c>; any other value is a problem (reported only when
    /// <paramref name="report"/>, so an attribute read twice is reported once).
    /// </summary>
    public bool WorkingTime(XElement? e, string? elementId, bool report)
    {
        if (e?.Attribute(Pf + "calendar") is not { } attribute)
        {
            return false;
        }

        var value = attribute.Value.Trim();
        if (value == WorkingCalendar)
        {
            return true;
        }

        if (report)
        {
            Error(attribute, elementId, $"pf:calendar=\"{Shown(value)}\" is not known; write pf:calendar=\"{WorkingCalendar}\" to count durations in working time, or leave it out for elapsed time");
        }

        return false;
    }

    /// <summary>Extension attributes in the <c>pf:</c> namespace, by local name.</summary>
    public static IReadOnlyDictionary<string, string> PfAttributes(XElement e)
    {
        Dictionary<string, string>? result = null;
        foreach (var attribute in e.Attributes())
        {
            if (attribute.Name.Namespace == Pf)
            {
                result ??= new Dictionary<string, string>(StringComparer.Ordinal);
                result[attribute.Name.LocalName] = attribute.Value;
            }
        }

        return result ?? FlowElement.EmptyAttributes;
    }

    public static bool IsJavaScript(string? format) =>
        format is not null && (format.Equals("javascript", StringComparison.OrdinalIgnoreCase)
            || format.Equals("js", StringComparison.OrdinalIgnoreCase)
            || format.Equals("ecmascript", StringComparison.OrdinalIgnoreCase));

    public static bool IsExpression(string text) => text.Contains("${", StringComparison.Ordinal);

    public BpmnParseResult ToResult(BpmnDocument? document) =>
        new(HasErrors ? null : document, [.. _problems.OrderBy(p => p.Line).ThenBy(p => p.Column)], [.. Topics]);
}
