using Acornima;
using Acornima.Ast;
using Jint;
using JsEngine = Jint.Engine;

namespace PropertyFlow.Engine.Expressions;

/// <summary>An expression or script parsed once (thread-safe, shared by every engine), or the reason it cannot be.</summary>
internal sealed class PreparedCode
{
    private static readonly ScriptPreparationOptions PreparationOptions = new() { CollectReferencedGlobals = true };

    private long _lastUse;

    private PreparedCode(bool isScript, Prepared<Script> script, string[] referencedNames, bool seesAllVariables, Failure? failure, SyntaxPosition? position)
    {
        IsScript = isScript;
        Script = script;
        ReferencedNames = referencedNames;
        SeesAllVariables = seesAllVariables;
        Failure = failure;
        Position = position;
    }

    public bool IsScript { get; }

    public Prepared<Script> Script { get; }

    /// <summary>The free names the code uses: only these variables are bound as globals.</summary>
    public string[] ReferencedNames { get; }

    /// <summary>
    /// The code may look names up dynamically (<c>eval</c>, <c>Function</c>, <c>globalThis</c>, <c>this</c>, <c>constructor</c>), so
    /// every variable is bound (lazily) instead of the referenced ones only.
    /// </summary>
    public bool SeesAllVariables { get; }

    /// <summary>Why the text cannot run (a syntax error, say); null when it can.</summary>
    public Failure? Failure { get; }

    public SyntaxPosition? Position { get; }

    public long LastUse => Volatile.Read(ref _lastUse);

    public void Touch(long now)
    {
        // Written at most once per millisecond per entry, so hot entries shared by many threads do not bounce a cache line.
        if (Volatile.Read(ref _lastUse) != now)
        {
            Volatile.Write(ref _lastUse, now);
        }
    }

    public ExpressionException ToException(string text) =>
        new(text, Failure!.Cause, Failure.RanAway, IsScript, Position, inner: null);

    public static PreparedCode Prepare(string text, bool isScript)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Failed(isScript, new Failure("it is empty", RanAway: false));
        }

        // An expression is parsed as one parenthesised expression, so that "{a: 1}.a" is an object and not a block; the
        // parenthesis goes on its own line so that a trailing // comment cannot swallow it.
        var source = isScript ? text : "(" + text + "\n)";
        try
        {
            var prepared = JsEngine.PrepareScript(source, source: null, strict: true, PreparationOptions);
            if (!isScript && prepared.Program?.Body is not [ExpressionStatement])
            {
                return Failed(isScript, new Failure("it must be one JavaScript expression, not statements (use a script for those)", RanAway: false));
            }

            var referenced = prepared.ReferencedGlobals!;
            var dynamic = referenced.HasDirectEvalCall || referenced.Contains("eval") || referenced.Contains("Function")
                || referenced.Contains("globalThis") || text.Contains("this", StringComparison.Ordinal)
                || text.Contains("constructor", StringComparison.Ordinal);
            return new PreparedCode(isScript, prepared, [.. referenced], dynamic, failure: null, position: null);
        }
        catch (ScriptPreparationException e) when (e.InnerException is ParseErrorException parse)
        {
            var position = isScript ? new SyntaxPosition(parse.LineNumber, parse.Column + 1, parse.Description) : ExpressionPosition(text, parse);
            return new PreparedCode(isScript, default, [], false, new Failure(position.Cause, RanAway: false), position);
        }
        catch (ScriptPreparationException e) when (e.InnerException is InsufficientExecutionStackException)
        {
            return Failed(isScript, new Failure("it nests too deeply to be read", RanAway: true));
        }
        catch (ScriptPreparationException e)
        {
            return Failed(isScript, new Failure($"it cannot be read: {e.InnerException?.Message ?? e.Message}", RanAway: true));
        }
    }

    private static PreparedCode Failed(bool isScript, Failure failure) => new(isScript, default, [], false, failure, null);

    /// <summary>Moves a parser position from the wrapped "(text\n)" back into the text as written.</summary>
    private static SyntaxPosition ExpressionPosition(string text, ParseErrorException parse)
    {
        var lines = text.Split('\n');
        if (parse.LineNumber > lines.Length)
        {
            return new SyntaxPosition(lines.Length, lines[^1].TrimEnd('\r').Length + 1, "Unexpected end of input");
        }

        // Parser columns are 0-based; on the first line the added "(" shifts them by one, which turns them 1-based.
        var column = parse.LineNumber == 1 ? Math.Max(1, parse.Column) : parse.Column + 1;
        return new SyntaxPosition(parse.LineNumber, column, parse.Description);
    }
}
