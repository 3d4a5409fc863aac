using System.Xml.Linq;
using PropertyFlow.Engine.Model;
using static PropertyFlow.Engine.Parsing.ParseContext;

namespace PropertyFlow.Engine.Parsing;

/// <summary>
/// Turns BPMN 2.0 XML into linked, validated <see cref="ProcessModel"/>s. Safe for hostile input
/// (no DTDs or external entities; size, depth and element limits from <see cref="BpmnParserOptions"/>).
/// Reports every problem it finds with line, column and element id, never only the first; elements
/// outside PropertyFlow's subset are reported, never skipped. Thread-safe: each call has its own state.
/// </summary>
public sealed class BpmnParser(BpmnParserOptions? options = null)
{
    private static readonly string[] IdNamespaces =
        [BpmnNamespaces.Model, BpmnNamespaces.BpmnDi, BpmnNamespaces.DiagramCommon, BpmnNamespaces.DiagramInterchange];

    private readonly BpmnParserOptions _options = options ?? new BpmnParserOptions();

    public BpmnParseResult Parse(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var xml = SafeXmlLoader.ReadText(stream, _options, out var problem);
        return xml is null ? new BpmnParseResult(null, [problem!], []) : Parse(xml);
    }

    public BpmnParseResult Parse(string xml)
    {
        ArgumentNullException.ThrowIfNull(xml);
        var document = SafeXmlLoader.Load(xml, _options, out var problem);
        if (document?.Root is not { } root)
        {
            return new BpmnParseResult(null, [problem ?? new BpmnProblem(0, 0, null, "the file is empty")], []);
        }

        var context = new ParseContext(_options);
        if (root.Name != Bpmn + "definitions")
        {
            context.Error(root, null,
                $"not a BPMN 2.0 file: the root element is {{{root.Name.NamespaceName}}}{root.Name.LocalName}; expected definitions in namespace {BpmnNamespaces.Model}");
            return context.ToResult(null);
        }

        CheckIds(context, document);
        var processes = ReadRoot(context, root);
        return context.ToResult(new BpmnDocument(xml, processes));
    }

    private static List<ProcessModel> ReadRoot(ParseContext context, XElement definitions)
    {
        foreach (var element in definitions.Elements())
        {
            if (IsBpmn(element) && element.Name.LocalName != "process" && Id(element) is { } id)
            {
                context.RootElements.TryAdd(id, element);
            }
        }

        var processes = new List<ProcessModel>();
        var sawProcess = false;
        foreach (var element in definitions.Elements().Where(IsBpmn))
        {
            var local = element.Name.LocalName;
            if (local == "process")
            {
                sawProcess = true;
                var id = Id(element);
                if (!context.Bool(element, "isExecutable", id, defaultValue: true))
                {
                    continue; // Non-executable processes are notation: kept in the XML, not run.
                }

                if (id is null)
                {
                    context.Error(element, null, "process has no id");
                    continue;
                }

                processes.Add(ProcessReader.Read(context, element, id));
            }
            else if (!BpmnVocabulary.RootNotation.Contains(local))
            {
                context.Error(element, Id(element), $"{local} is not supported by PropertyFlow (supported at the top level: process, collaboration, message, signal, error, escalation and notation)");
            }
        }

        if (processes.Count == 0 && !context.HasErrors)
        {
            context.Error(definitions, null, sawProcess
                ? "no executable process: every bpmn:process has isExecutable=\"false\""
                : "no executable process: the file has no bpmn:process");
        }

        return processes;
    }

    /// <summary>Ids are unique in the whole file (BPMN ids are XML IDs); diagram ids are checked too.</summary>
    private static void CheckIds(ParseContext context, XDocument document)
    {
        var seen = new Dictionary<string, XElement>(StringComparer.Ordinal);
        foreach (var element in document.Descendants())
        {
            // Only BPMN and diagram ids are XML IDs; camunda:formField ids name variables, other vendors' ids are theirs.
            if (!IdNamespaces.Contains(element.Name.NamespaceName) || Id(element) is not { } id)
            {
                continue;
            }

            if (!seen.TryAdd(id, element))
            {
                var first = Location(seen[id]);
                context.Error(element, id, $"duplicate id '{id}' (first used by {seen[id].Name.LocalName} on line {first.Line})");
            }
        }
    }
}
