using System.Diagnostics;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using PropertyFlow.Engine.Parsing;

namespace PropertyFlow.Engine.Tests.Parsing;

/// <summary>
/// Every shipped process, mutated a thousand times by FsCheck, must end in a deployable document or in clear
/// one-line problems: no exception escapes the parser, no input takes a second. Mutations cut, repeat, swap and
/// overwrite spans of the file, and splice in hostile fragments (DOCTYPEs, entities, CDATA ends, foreign
/// namespaces, deep nesting, runaway expressions, control characters) at random places. A failing case is
/// shrunk by FsCheck and printed with its seed, so it can be replayed.
/// </summary>
public class FuzzTests
{
    /// <summary>How many mutants of each shipped file are parsed.</summary>
    private const int MutantsPerFile = 1_000;

    /// <summary>
    /// The bound for one upload. Not a speed measurement (benchmarks do that): a parse of a shipped file
    /// takes milliseconds, so crossing a second means the parser hangs or blows up on that input.
    /// </summary>
    private static readonly TimeSpan HangBound = TimeSpan.FromSeconds(1);

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

    public static TheoryData<string> ShippedFiles =>
        new(Directory.GetFiles(WorkflowsDir, "*.bpmn").Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    private static string WorkflowsDir => Path.Combine(AppContext.BaseDirectory, "workflows");

    [Fact]
    public void ShippedFiles_AreTheSeeds()
    {
        // The fuzz theory would pass vacuously if the copy step stopped bringing the files along.
        Assert.True(ShippedFiles.Count >= 9, $"expected the shipped processes in {WorkflowsDir}");
    }

    [Theory]
    [MemberData(nameof(ShippedFiles))]
    public void Parse_MutatedShippedFile_EndsInOkOrClearProblems(string file)
    {
        var original = File.ReadAllText(Path.Combine(WorkflowsDir, file));
        Assert.True(new BpmnParser().Parse(original).IsDeployable, $"{file} must be deployable before it is mutated");

        var parser = new BpmnParser();
        var deployable = 0;
        var refused = 0;
        var mutants = Gen.Choose(1, 4)
            .SelectMany(count => MutationGen.ArrayOf(count))
            .ToArbitrary();

        Prop.ForAll(mutants, mutations =>
            {
                var xml = Apply(original, mutations);
                var clock = Stopwatch.StartNew();
                var result = parser.Parse(xml);
                clock.Stop();

                Assert.True(clock.Elapsed < HangBound, $"parsing took {clock.Elapsed.TotalMilliseconds:N0} ms");
                if (result.IsDeployable)
                {
                    deployable++;
                    Assert.NotNull(result.Document);
                    return;
                }

                refused++;
                Assert.Contains(result.Problems, p => p.IsError);
                Assert.All(result.Problems, AssertClear);
            })
            .Check(Config.QuickThrowOnFailure.WithMaxTest(MutantsPerFile).WithQuietOnSuccess(true));

        // Both outcomes must occur, or the mutations are not reaching the parser's interesting paths.
        Assert.True(refused > 0, $"{file}: no mutant was refused");
        Assert.True(deployable > 0, $"{file}: every mutant was refused");
    }

    private static void AssertClear(BpmnProblem problem)
    {
        Assert.False(string.IsNullOrWhiteSpace(problem.Message));
        Assert.DoesNotContain('\n', problem.ToString());
        Assert.True(problem.Message.Length <= 600, $"problem message of {problem.Message.Length} characters");
        Assert.True(problem.Line >= 0 && problem.Column >= 0);
    }

    private enum Kind { Delete, Duplicate, Insert, Overwrite, Swap, Truncate, ReplaceValue }

    /// <summary>One edit at a relative position (0…1) of the text; <c>Length</c> and <c>Pick</c> steer its size and fragment.</summary>
    private sealed record Mutation(Kind Kind, double At, int Length, int Pick)
    {
        public override string ToString() => $"{Kind}@{At:F4} len={Length} pick={Pick}";
    }

    private static Gen<Mutation> MutationGen =>
        from kind in Gen.Elements(Enum.GetValues<Kind>())
        from at in Gen.Choose(0, 10_000)
        from length in Gen.Choose(1, 400)
        from pick in Gen.Choose(0, 1_000_000)
        select new Mutation(kind, at / 10_000.0, length, pick);

    private static string Apply(string text, IEnumerable<Mutation> mutations)
    {
        var builder = new StringBuilder(text);
        foreach (var m in mutations)
        {
            var at = (int)(m.At * builder.Length);
            var length = Math.Min(m.Length, builder.Length - at);
            var fragment = Fragments[m.Pick % Fragments.Length];
            switch (m.Kind)
            {
                case Kind.Delete:
                    builder.Remove(at, length);
                    break;
                case Kind.Duplicate:
                    builder.Insert(at, builder.ToString(at, length));
                    break;
                case Kind.Insert:
                    builder.Insert(at, fragment);
                    break;
                case Kind.Overwrite:
                    builder.Remove(at, Math.Min(fragment.Length, builder.Length - at)).Insert(at, fragment);
                    break;
                case Kind.Swap:
                    var other = (int)((long)m.Pick * Math.Max(1, builder.Length - length) / 1_000_000);
                    if (other + length <= at || at + length <= other)
                    {
                        var first = builder.ToString(at, length);
                        var second = builder.ToString(other, length);
                        builder.Remove(at, length).Insert(at, second);
                        builder.Remove(other, length).Insert(other, first);
                    }

                    break;
                case Kind.Truncate:
                    builder.Length = at;
                    break;
                case Kind.ReplaceValue:
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
