using System.Diagnostics;
using FsCheck;
using FsCheck.Fluent;
using PropertyFlow.Engine.Parsing;

namespace PropertyFlow.Engine.Tests.Parsing;

/// <summary>
/// Every shipped process, mutated a thousand times by FsCheck, must end in a deployable document or in clear
/// one-line problems: no exception escapes the parser, no input hangs (<see cref="BpmnMutator"/> says
/// how files are mutated). A failing case is printed by FsCheck with its seed, so it can be replayed.
/// </summary>
public class FuzzTests
{
    /// <summary>How many mutants of each shipped file are parsed.</summary>
    private const int MutantsPerFile = 1_000;

    /// <summary>
    /// A hang detector, not a speed measurement: a parse of a shipped file takes milliseconds, so crossing ten
    /// seconds even on a loaded CI machine means the parser hangs or blows up on that input. The issue's "under a
    /// second" is shown by the benchmark (bench/Fuzz, docs/benchmarks.md), where the machine is quiet.
    /// </summary>
    private static readonly TimeSpan HangBound = TimeSpan.FromSeconds(10);

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
        var mutants = BpmnMutator.Mutations.ToArbitrary();

        Prop.ForAll(mutants, mutations =>
            {
                var xml = BpmnMutator.Apply(original, mutations);
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
}
