using System.Text;

namespace PropertyFlow.Engine.Expressions;

/// <summary>
/// An expression or script could not be evaluated. The message names the text (shortened to about 200 characters) and the cause in
/// plain words, e.g. <c>expression "${amount &gt;}" could not be evaluated: syntax error at line 1, column 10: Unexpected end of input</c>.
/// </summary>
public sealed class ExpressionException : ProcessEngineException
{
    /// <summary>How much of the text the message shows (200 characters).</summary>
    public const int ShownLength = 200;

    /// <summary>Creates the exception for an expression.</summary>
    /// <param name="expression">The text as written (the whole <c>${...}</c> text when there is one).</param>
    /// <param name="cause">What went wrong, in plain words.</param>
    /// <param name="ranAway">True when a sandbox limit stopped it (see <see cref="RanAway"/>).</param>
    public ExpressionException(string expression, string cause, bool ranAway = false)
        : this(expression, cause, ranAway, isScript: false, position: null, inner: null)
    {
    }

    internal ExpressionException(string expression, string cause, bool ranAway, bool isScript, SyntaxPosition? position, Exception? inner)
        : base(Describe(expression, cause, isScript), inner ?? NoInner)
    {
        Expression = expression;
        Cause = cause;
        RanAway = ranAway;
        IsScript = isScript;
        Position = position;
    }

    /// <summary>The text that failed, in full.</summary>
    public string Expression { get; }

    /// <summary>What went wrong, in plain words (the part of the message after the colon).</summary>
    public string Cause { get; }

    /// <summary>
    /// True when a sandbox limit stopped the evaluation (<see cref="ExpressionOptions"/>: time, statements, memory, recursion, or a
    /// result too large) rather than an error in the code itself. Evaluating it again will fail again.
    /// </summary>
    public bool RanAway { get; }

    /// <summary>The 1-based line of a syntax error within <see cref="Expression"/>; null for other errors.</summary>
    public int? Line => Position?.Line;

    /// <summary>The 1-based column of a syntax error within <see cref="Expression"/>; null for other errors.</summary>
    public int? Column => Position?.Column;

    internal bool IsScript { get; }

    internal SyntaxPosition? Position { get; }

    // ProcessEngineException has no constructor that takes a nullable inner exception.
    private static Exception NoInner => null!;

    /// <summary>The text as one line, cut to <see cref="ShownLength"/> characters.</summary>
    internal static string Shorten(string text)
    {
        var builder = new StringBuilder(Math.Min(text.Length, ShownLength + 1));
        var lastWasSpace = false;
        foreach (var c in text)
        {
            var space = char.IsWhiteSpace(c);
            if (space && lastWasSpace)
            {
                continue;
            }

            if (builder.Length == ShownLength)
            {
                builder.Append('…');
                break;
            }

            builder.Append(space ? ' ' : c);
            lastWasSpace = space;
        }

        return builder.ToString().Trim();
    }

    private static string Describe(string expression, string cause, bool isScript) =>
        $"{(isScript ? "script" : "expression")} \"{Shorten(expression)}\" could not be evaluated: {cause}";
}

/// <summary>Where a syntax error is, and what the parser said, so that a caller wrapping the text can move the position.</summary>
internal sealed record SyntaxPosition(int Line, int Column, string Description)
{
    public string Cause => $"syntax error at line {Line}, column {Column}: {Description}";
}
