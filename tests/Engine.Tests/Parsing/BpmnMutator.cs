using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace PropertyFlow.Engine.Tests.Parsing;

/// <summary>
/// Mutates BPMN text for fuzz tests: each mutation cuts, repeats, swaps or overwrites a span of the file, truncates
/// it, or splices in a hostile fragment (DOCTYPEs, entities, CDATA ends, foreign namespaces, deep nesting, runaway
/// expressions, control characters) at a random place or into an attribute value. Shared by the parser's fuzz
/// tests and the server's upload fuzz tests (linked into Server.Tests).
/// </summary>
public static class BpmnMutator
{
    private static readonly string[] Fragments =
    [
        "<!DOCTYPE d [<!ENTITY e \"x\">]>",
        "<!DOCTYPE d SYSTEM \"file:///etc/passwd\">",
        "&e;",
        "&#0;",
        "&#x110000;",
        "&lt;&amp;&gt;",
        "<![CDATA[",
        "]]>",
        "<!--",
        "-->",
        "<?xml version=\"1.0\"?>",
        "<?pi data?>",
        "\"",
        "'",
        "<",
        ">",
        "/>",
        "</bpmn:process>",
        "<bpmn:process id=\"p2\" isExecutable=\"true\">",
        "<bpmn:subProcess id=\"sp\">",
        "<bpmn:scriptTask id=\"s\" scriptFormat=\"javascript\"><bpmn:script>while(true){}</bpmn:script></bpmn:scriptTask>",
        "<bpmn:complexGateway id=\"cg\" />",
        "<bpmn:sequenceFlow id=\"f\" sourceRef=\"nowhere\" targetRef=\"nowhere\" />",
        "<bpmn:boundaryEvent id=\"b\" attachedToRef=\"missing\" />",
        "<bpmn:timerEventDefinition><bpmn:timeCycle>R/P-1D</bpmn:timeCycle></bpmn:timerEventDefinition>",
        "<bpmn:conditionExpression>${while(true){}}</bpmn:conditionExpression>",
        "<x:y xmlns:x=\"urn:evil\">",
        "xmlns:bpmn=\"urn:not-bpmn\"",
        "xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\"",
        "id=\"\"",
        "camunda:dueDate=\"${1/0}\"",
        "camunda:candidateGroups=\"&quot;;drop table\"",
        "\u0000",
        "\u0001",
        "\uFFFE",
        "\uD800",
        "\u202E",
        "投诉",
        new string('<', 64) + "a" + new string('>', 64),
        string.Concat(Enumerable.Repeat("<bpmn:documentation>", 200)),
        new string('x', 4096),
    ];

    /// <summary>One to four mutations.</summary>
    public static Gen<Mutation[]> Mutations => Gen.Choose(1, 4).SelectMany(count => One.ArrayOf(count));

    public enum MutationKind { Delete, Duplicate, Insert, Overwrite, Swap, Truncate, ReplaceValue }

    /// <summary>One edit at a relative position (0…1) of the text; <c>Length</c> and <c>Pick</c> steer its size and fragment.</summary>
    public sealed record Mutation(MutationKind Kind, double At, int Length, int Pick)
    {
        public override string ToString() => $"{Kind}@{At:F4} len={Length} pick={Pick}";
    }

    private static Gen<Mutation> One =>
        from kind in Gen.Elements(Enum.GetValues<MutationKind>())
        from at in Gen.Choose(0, 10_000)
        from length in Gen.Choose(1, 400)
        from pick in Gen.Choose(0, 1_000_000)
        select new Mutation(kind, at / 10_000.0, length, pick);

    public static string Apply(string text, IEnumerable<Mutation> mutations)
    {
        var builder = new StringBuilder(text);
        foreach (var m in mutations)
        {
            var at = (int)(m.At * builder.Length);
            var length = Math.Min(m.Length, builder.Length - at);
            var fragment = Fragments[m.Pick % Fragments.Length];
            switch (m.Kind)
            {
                case MutationKind.Delete:
                    builder.Remove(at, length);
                    break;
                case MutationKind.Duplicate:
                    builder.Insert(at, builder.ToString(at, length));
                    break;
                case MutationKind.Insert:
                    builder.Insert(at, fragment);
                    break;
                case MutationKind.Overwrite:
                    builder.Remove(at, Math.Min(fragment.Length, builder.Length - at)).Insert(at, fragment);
                    break;
                case MutationKind.Swap:
                    var other = (int)((long)m.Pick * Math.Max(1, builder.Length - length) / 1_000_000);
                    if (other + length <= at || at + length <= other)
                    {
                        var first = builder.ToString(at, length);
                        var second = builder.ToString(other, length);
                        builder.Remove(at, length).Insert(at, second);
                        builder.Remove(other, length).Insert(other, first);
                    }

                    break;
                case MutationKind.Truncate:
                    builder.Length = at;
                    break;
                case MutationKind.ReplaceValue:
                    ReplaceAttributeValue(builder, at, fragment);
                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary>Replaces the next attribute value at or after <paramref name="at"/> with the fragment (quotes escaped, so the XML stays well formed).</summary>
    private static void ReplaceAttributeValue(StringBuilder builder, int at, string fragment)
    {
        var text = builder.ToString();
        var open = text.IndexOf("=\"", at, StringComparison.Ordinal);
        if (open < 0)
        {
            return;
        }

        var close = text.IndexOf('"', open + 2);
        if (close < 0)
        {
            return;
        }

        var value = fragment.Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("\"", "&quot;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal);
        builder.Remove(open + 2, close - open - 2).Insert(open + 2, value);
    }
}
