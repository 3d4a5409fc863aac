using Microsoft.Extensions.Time.Testing;
using PropertyFlow.Engine.Expressions;
using PropertyFlow.Engine.Variables;

namespace PropertyFlow.Engine.Tests.Expressions;

public class JintExpressionEvaluatorTests
{
    // Thread-safe and meant to be shared: one instance for the class, as in the application.
    private static readonly JintExpressionEvaluator Evaluator = new();

    private static readonly Dictionary<string, object?> NoVariables = [];

    [Theory]
    [InlineData("1 + 2", 3L)]
    [InlineData("7 / 2", 3.5)]
    [InlineData("2 ** 10", 1024L)]
    [InlineData("'物业' + '管理'", "物业管理")]
    [InlineData("1 < 2", true)]
    [InlineData("null", null)]
    [InlineData("undefined", null)]
    [InlineData("[1, 2].length", 2L)]
    public void Evaluate_Literal_GivesNormalForm(string expression, object? expected)
    {
        Assert.Equal(expected, Evaluator.Evaluate(expression, NoVariables));
    }

    [Fact]
    public void Evaluate_Variables_AreJavaScriptValues()
    {
        var variables = new VariableMap
        {
            ["amount"] = 150,
            ["rate"] = 0.5,
            ["name"] = "王五",
            ["urgent"] = true,
            ["tags"] = new[] { "a", "b" },
            ["owner"] = new Dictionary<string, object?> { ["unit"] = "3-201", ["fees"] = new[] { 10, 20 } },
            ["nothing"] = null,
        };

        Assert.Equal(true, Evaluator.Evaluate("amount > 100", variables));
        Assert.Equal(75L, Evaluator.Evaluate("amount * rate", variables));
        Assert.Equal("number|number|string|boolean|object|object", Evaluator.Evaluate("[typeof amount, typeof rate, typeof name, typeof urgent, typeof owner, typeof nothing].join('|')", variables));
        Assert.Equal(true, Evaluator.Evaluate("Array.isArray(tags) && tags.includes('b')", variables));
        Assert.Equal(30L, Evaluator.Evaluate("owner.fees.reduce((a, b) => a + b, 0)", variables));
        Assert.Equal("3-201", Evaluator.Evaluate("owner['unit']", variables));
        Assert.Equal(true, Evaluator.Evaluate("nothing === null", variables));
    }

    [Fact]
    public void Evaluate_RawClrVariables_AreNormalizedFirst()
    {
        var variables = new Dictionary<string, object?> { ["count"] = 3, ["due"] = new DateOnly(2024, 5, 1) };

        Assert.Equal("2024-05-01|3", Evaluator.Evaluate("due + '|' + count", variables));
    }

    [Fact]
    public void Evaluate_ObjectResult_BecomesDictionaryInOrder()
    {
        var result = Evaluator.Evaluate("({ z: 1, a: [1.5, 'x', null, undefined], skip: undefined, f() {}, when: new Date(0) })", NoVariables);

        var dictionary = Assert.IsType<Dictionary<string, object?>>(result);
        Assert.Equal(["z", "a", "when"], dictionary.Keys);
        Assert.Equal(1L, dictionary["z"]);
        Assert.Equal(new List<object?> { 1.5, "x", null, null }, dictionary["a"]);
        Assert.Equal("1970-01-01T00:00:00+00:00", dictionary["when"]);
    }

    [Fact]
    public void Evaluate_ObjectLiteralExpression_IsNotABlock()
    {
        Assert.Equal(1L, Evaluator.Evaluate("{a: 1}.a", NoVariables));
    }

    [Fact]
    public void Evaluate_NaN_StaysDouble()
    {
        Assert.True(double.IsNaN((double)Evaluator.Evaluate("0 / 0", NoVariables)!));
        Assert.Equal(double.PositiveInfinity, Evaluator.Evaluate("1 / 0", NoVariables));
    }

    [Fact]
    public void Evaluate_UnknownVariable_ThrowsNamingIt()
    {
        var error = Assert.Throws<ExpressionException>(() => Evaluator.Evaluate("amount > 100", NoVariables));

        Assert.Contains("'amount' is not defined", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"amount > 100\"", error.Message, StringComparison.Ordinal);
        Assert.False(error.RanAway);
    }

    [Fact]
    public void Evaluate_SyntaxError_ThrowsWithPosition()
    {
        var error = Assert.Throws<ExpressionException>(() => Evaluator.Evaluate("amount >", NoVariables));

        Assert.StartsWith("expression \"amount >\" could not be evaluated: syntax error", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, error.Line);
        Assert.Equal(9, error.Column);
        Assert.False(error.RanAway);
    }

    [Fact]
    public void Evaluate_SyntaxErrorInsideLine_PointsAtIt()
    {
        var error = Assert.Throws<ExpressionException>(() => Evaluator.Evaluate("a + * b", NoVariables));

        Assert.Equal((1, 5), (error.Line, error.Column));
    }

    [Fact]
    public void Evaluate_Statements_Throws()
    {
        Assert.Contains("syntax error", Assert.Throws<ExpressionException>(() => Evaluator.Evaluate("1; 2", NoVariables)).Cause, StringComparison.Ordinal);
        Assert.Contains("one JavaScript expression", Assert.Throws<ExpressionException>(() => Evaluator.Evaluate("1); while (true) {} (1", NoVariables)).Cause, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Evaluate_Empty_Throws(string expression)
    {
        Assert.Throws<ExpressionException>(() => Evaluator.Evaluate(expression, NoVariables));
    }

    [Fact]
    public void Evaluate_LongExpression_MessageIsShortened()
    {
        var expression = "missing + " + string.Join(" + ", Enumerable.Repeat("1", 200));

        var error = Assert.Throws<ExpressionException>(() => Evaluator.Evaluate(expression, NoVariables));

        Assert.Contains("…\"", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 400);
        Assert.Equal(expression, error.Expression);
    }

    [Fact]
    public void Evaluate_ThrownError_NamesItsKind()
    {
        var error = Assert.Throws<ExpressionException>(() => Evaluator.Evaluate("owner.unit", new Dictionary<string, object?> { ["owner"] = null }));

        Assert.StartsWith("TypeError: ", error.Cause, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("new Map([[1, 2]])", "a Map")]
    [InlineData("({ get x() { return 1; } })", "getter")]
    [InlineData("() => 1", "function")]
    [InlineData("new Proxy({}, {})", "a Proxy")]
    [InlineData("Symbol('s')", "Symbol")]
    public void Evaluate_ResultNotPlainData_Throws(string expression, string named)
    {
        var error = Assert.Throws<ExpressionException>(() => Evaluator.Evaluate(expression, NoVariables));

        Assert.Contains(named, error.Cause, StringComparison.Ordinal);
        Assert.False(error.RanAway);
    }

    [Fact]
    public void Evaluate_CircularResult_Throws()
    {
        var error = Assert.Throws<ExpressionException>(() => Evaluator.Evaluate("(() => { const o = {}; o.self = o; return o; })()", NoVariables));

        Assert.Contains("deeper than", error.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_Date_ReadsTheTimeProvider()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero));
        using var evaluator = new JintExpressionEvaluator(timeProvider: clock);

        Assert.Equal("2030-01-02T03:04:05.000Z", evaluator.Evaluate("new Date().toISOString()", NoVariables));
        clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(true, evaluator.Evaluate("Date.now() === Date.UTC(2030, 0, 3, 3, 4, 5)", NoVariables));
    }

    [Fact]
    public void Evaluate_VariableNamedLikeBuiltIn_DoesNotHideIt()
    {
        var variables = new Dictionary<string, object?> { ["Math"] = 1, ["getVariable"] = 2 };

        Assert.Equal(3L, Evaluator.Evaluate("Math.max(1, 3)", variables));
        Assert.Equal(1L, Evaluator.Evaluate("getVariable('Math')", variables));
    }

    [Fact]
    public void Evaluate_DynamicLookup_SeesAllVariables()
    {
        var variables = new Dictionary<string, object?> { ["amount"] = 5, ["other"] = 6 };

        Assert.Equal(11L, Evaluator.Evaluate("globalThis['amount'] + this.other", variables));
        Assert.Equal(6L, Evaluator.Evaluate("new Function('return other')()", variables));
    }

    [Fact]
    public void Evaluate_GetVariable_ReadsUnreferencedVariable()
    {
        var variables = new Dictionary<string, object?> { ["order-id"] = "A-1" };

        Assert.Equal("A-1", Evaluator.Evaluate("getVariable('order-' + 'id')", variables));
        Assert.Null(Evaluator.Evaluate("getVariable('missing')", variables));
    }

    [Fact]
    public void Evaluate_SetVariable_IsRefusedInExpressions()
    {
        var error = Assert.Throws<ExpressionException>(() => Evaluator.Evaluate("setVariable('x', 1)", NoVariables));

        Assert.Contains("only be used in scripts", error.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ChangedVariable_IsNotSeenByTheCaller()
    {
        var variables = new VariableMap { ["items"] = new[] { 1 } };

        Evaluator.Evaluate("items.push(2)", variables);

        Assert.Equal("""{"items":[1]}""", variables.ToJson());
    }

    [Fact]
    public void RunScript_SetVariable_IsReturnedWithCompletionValue()
    {
        var result = Evaluator.RunScript(
            """
            const total = fees.reduce((a, b) => a + b, 0);
            setVariable('total', total);
            execution.setVariable('label', '合计 ' + total);
            setVariable('total', total * 2);
            if (total > 10) { 'high' } else { 'low' }
            """,
            new Dictionary<string, object?> { ["fees"] = new[] { 5, 7 } });

        Assert.Equal("high", result.Value);
        Assert.Equal(["total", "label"], result.SetVariables.Keys);
        Assert.Equal(24L, result.SetVariables["total"]);
        Assert.Equal("合计 12", result.SetVariables["label"]);
    }

    [Fact]
    public void RunScript_GetVariable_SeesValueSetEarlier()
    {
        var result = Evaluator.RunScript(
            "setVariable('n', getVariable('n') + 1); execution.getVariable('n')",
            new Dictionary<string, object?> { ["n"] = 1 });

        Assert.Equal(2L, result.Value);
    }

    [Fact]
    public void RunScript_SetVariableCopiesTheValue()
    {
        var result = Evaluator.RunScript("const o = { a: 1 }; setVariable('o', o); o.a = 2; o.a", NoVariables);

        Assert.Equal(2L, result.Value);
        Assert.Equal(1L, Assert.IsType<Dictionary<string, object?>>(result.SetVariables["o"])["a"]);
    }

    [Theory]
    [InlineData("setVariable('x', 0 / 0)", "cannot be stored")]
    [InlineData("setVariable('x', new Map())", "not plain data")]
    [InlineData("setVariable('', 1)", "variable name")]
    [InlineData("setVariable(42, 1)", "variable name")]
    public void RunScript_SetVariableWithBadArguments_ThrowsTypeError(string script, string expected)
    {
        var error = Assert.Throws<ExpressionException>(() => Evaluator.RunScript(script, NoVariables));

        Assert.Contains("TypeError", error.Cause, StringComparison.Ordinal);
        Assert.Contains(expected, error.Cause, StringComparison.Ordinal);
        Assert.StartsWith("script ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RunScript_ScriptCanCatchItsOwnErrors()
    {
        Assert.Equal("caught", Evaluator.RunScript("try { setVariable(1) } catch (e) { 'caught' }", NoVariables).Value);
    }

    [Fact]
    public void RunScript_ThrownValue_IsReported()
    {
        var error = Assert.Throws<ExpressionException>(() => Evaluator.RunScript("throw new RangeError('楼栋号无效')", NoVariables));

        Assert.Equal("RangeError: 楼栋号无效", error.Cause);
    }

    [Fact]
    public void RunScript_SyntaxErrorOnLaterLine_ReportsLine()
    {
        var error = Assert.Throws<ExpressionException>(() => Evaluator.RunScript("let a = 1;\nlet b = ;\n", NoVariables));

        Assert.Equal(2, error.Line);
        Assert.Equal(9, error.Column);
    }

    [Fact]
    public void RunScript_GlobalsAndLets_DoNotLeakIntoNextRun()
    {
        Evaluator.RunScript("var leaked = 1; let alsoLeaked = 2; globalThis.third = 3; globalThis.JSON = null", NoVariables);

        Assert.Equal("undefined|undefined|undefined|object", Evaluator.Evaluate("[typeof leaked, typeof alsoLeaked, typeof third, typeof JSON].join('|')", NoVariables));
    }

    [Fact]
    public void RunScript_BuiltInsAreFrozen()
    {
        var error = Assert.Throws<ExpressionException>(() => Evaluator.RunScript("Array.prototype.includes = () => true", NoVariables));

        Assert.StartsWith("TypeError", error.Cause, StringComparison.Ordinal);
        Assert.Equal(false, Evaluator.Evaluate("[1].includes(2)", NoVariables));
    }

    [Fact]
    public void RunScript_ObjectPrototypePollution_Fails()
    {
        Assert.Throws<ExpressionException>(() => Evaluator.RunScript("Object.prototype.polluted = 1", NoVariables));
        Assert.Throws<ExpressionException>(() => Evaluator.RunScript("({}).__proto__.polluted = 1", NoVariables));

        Assert.Equal("undefined", Evaluator.Evaluate("typeof ({}).polluted", NoVariables));
    }

    [Fact]
    public void RunScript_NoCompletionValue_IsNull()
    {
        Assert.Null(Evaluator.RunScript("const a = 1;", NoVariables).Value);
    }

    [Fact]
    public void Evaluate_SameTextManyTimes_UsesCacheAndStaysCorrect()
    {
        using var evaluator = new JintExpressionEvaluator(new ExpressionOptions { CacheSize = 4 });

        for (var i = 0; i < 50; i++)
        {
            Assert.Equal((long)i + (i % 7), evaluator.Evaluate($"n + {i % 7}", new Dictionary<string, object?> { ["n"] = i }));
        }
    }

    [Fact]
    public void Constructor_InvalidLimit_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new JintExpressionEvaluator(new ExpressionOptions { MaxStatements = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new JintExpressionEvaluator(new ExpressionOptions { TimeLimit = TimeSpan.Zero }));
    }

    [Fact]
    public void Evaluate_AfterDispose_Throws()
    {
        var evaluator = new JintExpressionEvaluator();
        evaluator.Dispose();

        Assert.Throws<ObjectDisposedException>(() => evaluator.Evaluate("1", NoVariables));
    }
}
