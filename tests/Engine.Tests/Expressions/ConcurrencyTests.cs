using PropertyFlow.Engine.Expressions;

namespace PropertyFlow.Engine.Tests.Expressions;

public class ConcurrencyTests
{
    [Fact]
    public void Evaluate_FromManyThreads_GivesEachCallersResult()
    {
        using var evaluator = new JintExpressionEvaluator();
        var failures = 0;

        Parallel.For(0, 20_000, new ParallelOptions { MaxDegreeOfParallelism = 32 }, i =>
        {
            var variables = new Dictionary<string, object?> { ["amount"] = i, ["owner"] = new Dictionary<string, object?> { ["id"] = $"o{i}" } };
            var expected = i > 10_000;
            if (!Equals(expected, evaluator.Evaluate("amount > 10000", variables))
                || !Equals($"o{i}:{i * 2}", evaluator.Evaluate("owner.id + ':' + amount * 2", variables)))
            {
                Interlocked.Increment(ref failures);
            }
        });

        Assert.Equal(0, failures);
    }

    [Fact]
    public void RunScript_FromManyThreadsWithFailuresMixedIn_KeepsRunsApart()
    {
        using var evaluator = new JintExpressionEvaluator(new ExpressionOptions { MaxStatements = 10_000 });
        var failures = 0;

        Parallel.For(0, 2_000, new ParallelOptions { MaxDegreeOfParallelism = 16 }, i =>
        {
            var variables = new Dictionary<string, object?> { ["n"] = i };
            var runsAway = i % 50 == 0;
            try
            {
                if (runsAway)
                {
                    evaluator.RunScript("while (true) {}", variables);
                    Interlocked.Increment(ref failures);
                }
                else if (i % 4 == 1)
                {
                    evaluator.Evaluate("missing + n", variables);
                    Interlocked.Increment(ref failures);
                }
                else
                {
                    var result = evaluator.RunScript("var seen = typeof previous; var previous = n; setVariable('double', n * 2); seen + ':' + n", variables);
                    if (!Equals($"undefined:{i}", result.Value) || !Equals(i * 2L, result.SetVariables["double"]))
                    {
                        Interlocked.Increment(ref failures);
                    }
                }
            }
            catch (ExpressionException e) when (e.RanAway == runsAway)
            {
            }
        });

        Assert.Equal(0, failures);
    }
}
