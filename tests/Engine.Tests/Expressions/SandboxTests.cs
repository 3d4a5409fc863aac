using PropertyFlow.Engine.Expressions;

namespace PropertyFlow.Engine.Tests.Expressions;

/// <summary>Escape and exhaustion attempts: each ends in an <see cref="ExpressionException"/>, and the evaluator keeps working.</summary>
public class SandboxTests
{
    private static readonly Dictionary<string, object?> NoVariables = [];

    private static readonly Dictionary<string, object?> Amount = new() { ["amount"] = 150 };

    [Theory]
    [InlineData("System.IO.File.ReadAllText('/etc/passwd')")]
    [InlineData("importNamespace('System').IO.File")]
    [InlineData("this.constructor.constructor('return process')()")]
    [InlineData("require('fs')")]
    [InlineData("clr")]
    [InlineData("host")]
    [InlineData("getVariable.constructor('return System')()")]
    [InlineData("(() => {}).constructor('return importNamespace')()")]
    public void Evaluate_ClrAccessAttempt_ThrowsNotDefined(string expression)
    {
        using var evaluator = new JintExpressionEvaluator();

        var error = Assert.Throws<ExpressionException>(() => evaluator.Evaluate(expression, NoVariables));

        Assert.Contains("is not defined", error.Cause, StringComparison.Ordinal);
        Assert.False(error.RanAway);
        StillWorks(evaluator);
    }

    [Theory]
    [InlineData("getVariable.GetType()")]
    [InlineData("setVariable.Method")]
    [InlineData("getVariable.caller")]
    public void Evaluate_HostFunctionReflection_FindsNothing(string expression)
    {
        using var evaluator = new JintExpressionEvaluator();

        var result = Record.Exception(() => evaluator.Evaluate(expression, NoVariables));

        Assert.True(result is null or ExpressionException);
        StillWorks(evaluator);
    }

    [Theory]
    [InlineData("ArrayBuffer")]
    [InlineData("Uint8Array")]
    [InlineData("SharedArrayBuffer")]
    [InlineData("ShadowRealm")]
    [InlineData("WeakRef")]
    public void Evaluate_RemovedGlobal_IsUndefined(string name)
    {
        using var evaluator = new JintExpressionEvaluator();

        Assert.Equal("undefined", evaluator.Evaluate($"typeof {name}", NoVariables));
    }

    [Theory]
    [InlineData("(() => { while (true) {} })()")]
    [InlineData("(() => { for (;;) { try { while (true) {} } catch (e) {} } })()")]
    [InlineData("new Function('while(true){}')()")]
    [InlineData("eval('for(;;){}')")]
    public void Evaluate_InfiniteLoop_RunsAway(string expression)
    {
        using var evaluator = new JintExpressionEvaluator();

        var error = Assert.Throws<ExpressionException>(() => evaluator.Evaluate(expression, NoVariables));

        Assert.True(error.RanAway);
        Assert.Contains("100,000 statements", error.Cause, StringComparison.Ordinal);
        StillWorks(evaluator);
    }

    [Fact]
    public void RunScript_InfiniteLoopInPromiseJob_RunsAway()
    {
        using var evaluator = new JintExpressionEvaluator();

        var error = Assert.Throws<ExpressionException>(() => evaluator.RunScript("Promise.resolve().then(() => { while (true) {} }); 1", NoVariables));

        Assert.True(error.RanAway);
        StillWorks(evaluator);
    }

    [Fact]
    public void RunScript_LoopWithinStatementLimit_StopsAtTimeLimit()
    {
        using var evaluator = new JintExpressionEvaluator(new ExpressionOptions { MaxStatements = int.MaxValue, TimeLimit = TimeSpan.FromMilliseconds(200) });

        var error = Assert.Throws<ExpressionException>(() => evaluator.RunScript("while (true) {}", NoVariables));

        Assert.True(error.RanAway);
        Assert.Contains("time limit of 200 ms", error.Cause, StringComparison.Ordinal);
        StillWorks(evaluator);
    }

    [Theory]
    [InlineData("(function f() { return f(); })()")]
    [InlineData("(function f(n) { return n + f(n + 1); })(0)")]
    [InlineData("(() => { const o = { get x() { return this.x; } }; return o.x; })()")]
    [InlineData("(() => { const f = () => [1].map(f); return f(); })()")]
    public void Evaluate_DeepRecursion_RunsAway(string expression)
    {
        using var evaluator = new JintExpressionEvaluator();

        var error = Assert.Throws<ExpressionException>(() => evaluator.Evaluate(expression, NoVariables));

        Assert.True(error.RanAway);
        StillWorks(evaluator);
    }

    [Fact]
    public void Evaluate_RecursionWithinLimit_Works()
    {
        using var evaluator = new JintExpressionEvaluator();

        Assert.Equal(50L, evaluator.Evaluate("(function f(n) { return n === 0 ? 0 : 1 + f(n - 1); })(50)", NoVariables));
    }

    [Fact]
    public void Evaluate_RecursionThroughFreshFunctions_RunsAway()
    {
        using var evaluator = new JintExpressionEvaluator(new ExpressionOptions { MaxStatements = int.MaxValue });

        var error = Assert.Throws<ExpressionException>(() => evaluator.Evaluate("(function f(n) { return new Function('f', 'n', 'return f(n + 1)')(f, n); })(0)", NoVariables));

        Assert.True(error.RanAway);
        StillWorks(evaluator);
    }

    [Theory]
    [InlineData("'x'.repeat(1e9)")]
    [InlineData("'x'.repeat(3e8).length")]
    [InlineData("'xy'.repeat(2 ** 22)")]
    [InlineData("(() => { const a = []; for (;;) a.push('row ' + a.length); })()")]
    [InlineData("(() => { let s = 'x'; for (let i = 0; i < 40; i++) s += s; return s.length; })()")]
    [InlineData("new Array(1e8).fill(0).length")]
    [InlineData("'x'.padEnd(3e8).length")]
    [InlineData("Array(3e8 + 1).join('x').length")]
    [InlineData("(() => { const o = {}; for (let i = 0; ; i++) o['k' + i] = i; })()")]
    public void Evaluate_HugeAllocation_RunsAway(string expression)
    {
        using var evaluator = new JintExpressionEvaluator(new ExpressionOptions { MaxStatements = int.MaxValue, TimeLimit = TimeSpan.FromSeconds(30) });

        var error = Assert.Throws<ExpressionException>(() => evaluator.Evaluate(expression, NoVariables));

        Assert.True(error.RanAway || error.Cause.StartsWith("RangeError: Invalid", StringComparison.Ordinal), error.Message);
        StillWorks(evaluator);
    }

    [Fact]
    public void Evaluate_ResultMuchLargerThanItsMemory_RunsAway()
    {
        using var evaluator = new JintExpressionEvaluator();

        // A million references to one string are cheap in the engine but a huge value to store.
        var error = Assert.Throws<ExpressionException>(() => evaluator.Evaluate("Array(1000).fill('x'.repeat(100000))", NoVariables));

        Assert.True(error.RanAway);
        Assert.Contains("larger than the memory limit", error.Cause, StringComparison.Ordinal);
        StillWorks(evaluator);
    }

    [Fact]
    public void RunScript_SetVariableLargerThanMemory_RunsAwayEvenWhenCaught()
    {
        using var evaluator = new JintExpressionEvaluator();

        var error = Assert.Throws<ExpressionException>(() => evaluator.RunScript("try { setVariable('x', Array(1000).fill('x'.repeat(100000))) } catch (e) { 'swallowed' }", NoVariables));

        Assert.True(error.RanAway);
        StillWorks(evaluator);
    }

    [Fact]
    public void Evaluate_CatastrophicRegex_RunsAway()
    {
        using var evaluator = new JintExpressionEvaluator(new ExpressionOptions { TimeLimit = TimeSpan.FromMilliseconds(200) });

        var error = Assert.Throws<ExpressionException>(() => evaluator.Evaluate("/^(a+)+$/.test('a'.repeat(40) + '!')", NoVariables));

        Assert.True(error.RanAway);
        StillWorks(evaluator);
    }

    [Fact]
    public void Evaluate_DeeplyNestedSource_ThrowsWithoutCrashing()
    {
        using var evaluator = new JintExpressionEvaluator();

        var error = Assert.Throws<ExpressionException>(() => evaluator.Evaluate(new string('[', 100_000) + new string(']', 100_000), NoVariables));

        Assert.True(error.RanAway);
        StillWorks(evaluator);
    }

    [Theory]
    [InlineData("Object.prototype.toString = () => 'pwned'")]
    [InlineData("Object.defineProperty(Array.prototype, 'length2', { get() { return 1; } })")]
    [InlineData("Object.setPrototypeOf(Object.prototype, { x: 1 })")]
    [InlineData("JSON.parse = () => 1")]
    [InlineData("Object.getPrototypeOf(function* () {}).prototype.next = null")]
    [InlineData("Object.getPrototypeOf([][Symbol.iterator]()).next = () => ({ done: true })")]
    [InlineData("execution.getVariable = () => 42")]
    [InlineData("getVariable.hidden = 1")]
    public void RunScript_ChangingBuiltIns_FailsAndLeavesNoTrace(string script)
    {
        using var evaluator = new JintExpressionEvaluator();

        Assert.Throws<ExpressionException>(() => evaluator.RunScript(script, NoVariables));

        Assert.Equal("[object Object]|2|undefined", evaluator.Evaluate("[String({}), [...[1, 2]].length, typeof getVariable.hidden].join('|')", NoVariables));
        Assert.Equal(150L, evaluator.Evaluate("execution.getVariable('amount')", Amount));
    }

    [Fact]
    public void RunScript_StateOnGlobalObject_IsGoneNextRun()
    {
        using var evaluator = new JintExpressionEvaluator();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("undefined", evaluator.RunScript("const before = typeof stash; globalThis.stash = getVariable('amount'); var stash2 = 1; before", Amount).Value);
        }
    }

    [Fact]
    public void Constructor_TinyLimits_StillBuildsTheSandbox()
    {
        using var evaluator = new JintExpressionEvaluator(new ExpressionOptions { MaxStatements = 1, MemoryLimit = 64 * 1024, TimeLimit = TimeSpan.FromMilliseconds(1) });

        Assert.Equal(3L, evaluator.Evaluate("1 + 2", NoVariables));
    }

    [Fact]
    public void Evaluate_Repeat_BehavesAsStandard()
    {
        using var evaluator = new JintExpressionEvaluator();

        Assert.Equal("ababab|", evaluator.Evaluate("'ab'.repeat(3) + '|' + 'ab'.repeat(0)", NoVariables));
        Assert.Equal("repeat|1", evaluator.Evaluate("String.prototype.repeat.name + '|' + String.prototype.repeat.length", NoVariables));
        Assert.StartsWith("TypeError", Assert.Throws<ExpressionException>(() => evaluator.Evaluate("String.prototype.repeat.call(null, 2)", NoVariables)).Cause, StringComparison.Ordinal);
        Assert.StartsWith("RangeError", Assert.Throws<ExpressionException>(() => evaluator.Evaluate("'a'.repeat(-1)", NoVariables)).Cause, StringComparison.Ordinal);
    }

    private static void StillWorks(JintExpressionEvaluator evaluator)
    {
        Assert.Equal(true, evaluator.Evaluate("amount > 100", Amount));
        Assert.Equal("ok", evaluator.RunScript("setVariable('x', 1); 'ok'", Amount).Value);
    }
}
