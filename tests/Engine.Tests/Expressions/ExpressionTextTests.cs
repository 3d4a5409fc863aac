using PropertyFlow.Engine.Expressions;
using PropertyFlow.Engine.Model;
using PropertyFlow.Engine.Variables;

namespace PropertyFlow.Engine.Tests.Expressions;

public class ExpressionTextTests
{
    private static readonly JintExpressionEvaluator Evaluator = new();

    private static readonly VariableMap Variables = new()
    {
        ["amount"] = 150,
        ["name"] = "陈先生",
        ["due"] = "2024-05-01",
        ["nothing"] = null,
        ["items"] = new[] { 1, 2 },
        ["flag"] = false,
    };

    [Theory]
    [InlineData("${amount}", true)]
    [InlineData("#{amount}", true)]
    [InlineData("Dear ${name", true)]
    [InlineData("plain text", false)]
    [InlineData("costs $5 {net}", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void ContainsExpression_Text_DetectsOpening(string? text, bool expected)
    {
        Assert.Equal(expected, ExpressionText.ContainsExpression(text));
    }

    [Theory]
    [InlineData("${amount}", 150L)]
    [InlineData("#{amount * 2}", 300L)]
    [InlineData("  ${amount > 100}\n", true)]
    [InlineData("${items}", "list")]
    [InlineData("${nothing}", null)]
    [InlineData("${ {a: 1}.a }", 1L)]
    [InlineData("${'}'}", "}")]
    [InlineData("${\"{\" + '}'}", "{}")]
    [InlineData("${`${amount}}`}", "150}")]
    [InlineData("${ (() => { return {x: '}'}; })().x }", "}")]
    [InlineData("${ amount /* } */ + 1 }", 151L)]
    [InlineData("${ amount // }\n + 2 }", 152L)]
    public void EvaluateValue_SingleExpression_KeepsType(string text, object? expected)
    {
        var value = ExpressionText.EvaluateValue(text, Evaluator, Variables);

        if (expected is "list")
        {
            Assert.Equal(new List<object?> { 1L, 2L }, value);
        }
        else
        {
            Assert.Equal(expected, value);
        }
    }

    [Theory]
    [InlineData("Dear ${name}, due ${due}", "Dear 陈先生, due 2024-05-01")]
    [InlineData("Total: ${amount / 4} 元", "Total: 37.5 元")]
    [InlineData("[${nothing}] ${flag} ${items}", "[] false [1,2]")]
    [InlineData("${amount}${amount}", "150150")]
    [InlineData("${'a'} #{'b'}", "a b")]
    [InlineData("ratio ${1 / 3}", "ratio 0.3333333333333333")]
    [InlineData("tiny ${0.0000001}", "tiny 1e-7")]
    [InlineData("literal ${'${'}x}", "literal ${x}")]
    public void EvaluateValue_MixedText_Interpolates(string text, string expected)
    {
        Assert.Equal(expected, ExpressionText.EvaluateValue(text, Evaluator, Variables));
    }

    [Theory]
    [InlineData("plain text")]
    [InlineData("costs $5 {net}")]
    [InlineData("")]
    public void EvaluateValue_PlainText_ReturnsItUnchanged(string text)
    {
        Assert.Same(text, ExpressionText.EvaluateValue(text, Evaluator, Variables));
    }

    [Fact]
    public void EvaluateValue_UnclosedExpression_Throws()
    {
        var error = Assert.Throws<ExpressionException>(() => ExpressionText.EvaluateValue("Dear ${name", Evaluator, Variables));

        Assert.Contains("not closed", error.Cause, StringComparison.Ordinal);
        Assert.Contains("\"Dear ${name\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EvaluateValue_SyntaxError_NamesWholeTextAndPosition()
    {
        var error = Assert.Throws<ExpressionException>(() => ExpressionText.EvaluateValue("${x >}", Evaluator, Variables));

        Assert.StartsWith("expression \"${x >}\" could not be evaluated: syntax error at line 1, column 6", error.Message, StringComparison.Ordinal);
        Assert.Equal("${x >}", error.Expression);
    }

    [Fact]
    public void EvaluateValue_SyntaxErrorInLaterExpression_PointsIntoTheText()
    {
        var error = Assert.Throws<ExpressionException>(() => ExpressionText.EvaluateValue("Dear ${name},\nyou owe ${amount +* 2}", Evaluator, Variables));

        Assert.Equal((2, 19), (error.Line, error.Column));
    }

    [Fact]
    public void EvaluateValue_UnknownVariable_NamesIt()
    {
        var error = Assert.Throws<ExpressionException>(() => ExpressionText.EvaluateValue("Dear ${nmae}", Evaluator, Variables));

        Assert.Contains("'nmae' is not defined", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"Dear ${nmae}\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EvaluateValue_EmptyExpression_Throws()
    {
        Assert.Throws<ExpressionException>(() => ExpressionText.EvaluateValue("a ${ } b", Evaluator, Variables));
    }

    [Theory]
    [InlineData("${amount > 100}", true)]
    [InlineData("#{amount <= 100}", false)]
    [InlineData(" ${amount > 100} ", true)]
    [InlineData("${name}", true)]
    [InlineData("${''}", false)]
    [InlineData("${0}", false)]
    [InlineData("${0 / 0}", false)]
    [InlineData("${1 / 0}", true)]
    [InlineData("${nothing}", false)]
    [InlineData("${items}", true)]
    [InlineData("${flag}", false)]
    [InlineData("amount > 100", true)]
    [InlineData("true", true)]
    [InlineData("false", false)]
    public void EvaluateCondition_Expression_UsesJavaScriptTruthiness(string text, bool expected)
    {
        Assert.Equal(expected, ExpressionText.EvaluateCondition(text, Evaluator, Variables));
    }

    [Fact]
    public void EvaluateCondition_UnknownVariable_IsAnErrorNotFalse()
    {
        var error = Assert.Throws<ExpressionException>(() => ExpressionText.EvaluateCondition("${approved}", Evaluator, Variables));

        Assert.Contains("'approved' is not defined", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("amount is ${amount}")]
    [InlineData("${a} ${b}")]
    public void EvaluateCondition_NotOneExpression_Throws(string text)
    {
        Assert.Throws<ExpressionException>(() => ExpressionText.EvaluateCondition(text, Evaluator, Variables));
    }

    [Fact]
    public void EvaluateIo_ListAndMap_EvaluateEachEntryInOrder()
    {
        var value = new IoMap(
        [
            KeyValuePair.Create<string, IoValue>("z", new IoText("${amount}")),
            KeyValuePair.Create<string, IoValue>("a", new IoList([new IoText("x"), new IoText("Hi ${name}")])),
        ]);

        var result = Assert.IsType<Dictionary<string, object?>>(ExpressionText.EvaluateIo(value, Evaluator, Variables));

        Assert.Equal(["z", "a"], result.Keys);
        Assert.Equal(150L, result["z"]);
        Assert.Equal(new List<object?> { "x", "Hi 陈先生" }, result["a"]);
    }

    [Theory]
    [InlineData("javascript")]
    [InlineData("JavaScript")]
    [InlineData("js")]
    [InlineData("ecmascript")]
    public void EvaluateIo_Script_GivesCompletionValue(string format)
    {
        Assert.Equal(300L, ExpressionText.EvaluateIo(new IoScript(format, "const x = amount; x * 2"), Evaluator, Variables));
    }

    [Fact]
    public void EvaluateIo_ScriptInOtherLanguage_Throws()
    {
        var error = Assert.Throws<ExpressionException>(() => ExpressionText.EvaluateIo(new IoScript("groovy", "amount * 2"), Evaluator, Variables));

        Assert.Contains("'groovy' is not supported", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EvaluateIo_ScriptSettingVariables_Throws()
    {
        var error = Assert.Throws<ExpressionException>(() => ExpressionText.EvaluateIo(new IoScript("javascript", "setVariable('a', 1); 2"), Evaluator, Variables));

        Assert.Contains("cannot set variables", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData(0L, false)]
    [InlineData(-1L, true)]
    [InlineData("", false)]
    [InlineData("false", true)]
    [InlineData(0.0, false)]
    [InlineData(double.NaN, false)]
    [InlineData(0, false)]
    public void IsTruthy_Value_FollowsJavaScript(object? value, bool expected)
    {
        Assert.Equal(expected, ExpressionText.IsTruthy(value));
    }

    [Fact]
    public void IsTruthy_EmptyContainers_AreTrue()
    {
        Assert.True(ExpressionText.IsTruthy(new List<object?>()));
        Assert.True(ExpressionText.IsTruthy(new Dictionary<string, object?>()));
    }
}
