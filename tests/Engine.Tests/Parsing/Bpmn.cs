using PropertyFlow.Engine.Model;
using PropertyFlow.Engine.Parsing;

namespace PropertyFlow.Engine.Tests.Parsing;

/// <summary>Wraps inlined process content in a definitions element and parses it.</summary>
internal static class Bpmn
{
    public const string Namespaces =
        """
        xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
        xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
        xmlns:dc="http://www.omg.org/spec/DD/20100524/DC"
        xmlns:di="http://www.omg.org/spec/DD/20100524/DI"
        xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
        xmlns:pf="http://propertyflow.org/schema/1.0/bpmn"
        """;

    /// <summary>A file with one executable process <c>P</c> holding <paramref name="content"/>; <paramref name="roots"/> go before it.</summary>
    public static string Process(string content, string roots = "") =>
        $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions {Namespaces} id="Defs" targetNamespace="http://bpmn.io/schema/bpmn">
        {roots}
        <bpmn:process id="P" isExecutable="true">
        {content}
        </bpmn:process>
        </bpmn:definitions>
        """;

    public static BpmnParseResult Parse(string xml) => new BpmnParser().Parse(xml);

    /// <summary>Parses and asserts the file is deployable; returns process <c>P</c> (or the only one).</summary>
    public static ProcessModel ParseProcess(string xml)
    {
        var result = Parse(xml);
        Assert.True(result.IsDeployable, "expected no problems, got:\n" + string.Join("\n", result.Problems));
        return result.Document!.Processes.Single();
    }

    public static T Node<T>(ProcessModel process, string id)
        where T : FlowNode => Assert.IsType<T>(process.GetNode(id));

    /// <summary>Parses and returns the error problems, asserting there is at least one and no document.</summary>
    public static IReadOnlyList<BpmnProblem> Errors(string xml)
    {
        var result = Parse(xml);
        Assert.False(result.IsDeployable);
        Assert.Null(result.Document);
        return [.. result.Problems.Where(p => p.IsError)];
    }

    /// <summary>The single error, asserting exactly one.</summary>
    public static BpmnProblem Error(string xml)
    {
        var errors = Errors(xml);
        return Assert.Single(errors);
    }

    /// <summary>1-based line of the first line of <paramref name="xml"/> containing <paramref name="text"/>.</summary>
    public static int LineOf(string xml, string text)
    {
        var lines = xml.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Contains(text, StringComparison.Ordinal))
            {
                return i + 1;
            }
        }

        throw new ArgumentException($"'{text}' not in the XML", nameof(text));
    }
}
