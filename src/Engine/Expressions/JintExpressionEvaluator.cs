namespace PropertyFlow.Engine.Expressions;

/// <summary>
/// Evaluates JavaScript with Jint in a sandbox: strict mode, no CLR access, limits on time, statements, memory and recursion
/// (<see cref="ExpressionOptions"/>). Thread-safe; meant to be one instance per application.
/// </summary>
/// <remarks>
/// <para>
/// A variable is a global of the same name holding a pure JavaScript value. Only the variables the code names are bound; code
/// that uses <c>eval</c>, <c>Function</c>, <c>globalThis</c>, <c>this</c> or <c>constructor</c> gets all of them. A variable named
/// like a built-in global (<c>Math</c>, <c>Date</c>, <c>escape</c>, <c>getVariable</c>…) does not hide the built-in; read it with
/// <c>getVariable('Math')</c>. Naming a variable that does not exist is an error that names it — never silently false.
/// </para>
/// <para>
/// Built-ins are frozen, so code cannot change <c>Array.prototype</c> and the like for later evaluations; a consequence is that
/// assigning a property that a built-in prototype already has (<c>obj.toString = …</c>) fails — define it with
/// <c>Object.defineProperty</c> or in an object literal instead. <c>new Date()</c> reads the evaluator's <see cref="TimeProvider"/>.
/// </para>
/// <para>
/// Parsed code is cached by text (<see cref="ExpressionOptions.CacheSize"/>); engines are pooled and reset after each run.
/// </para>
/// </remarks>
public sealed class JintExpressionEvaluator : IExpressionEvaluator, IDisposable
{
    private static readonly IReadOnlyDictionary<string, object?> NoVariables = new Dictionary<string, object?>();

    private readonly PreparedCodeCache _cache;
    private readonly SandboxPool _pool;

    /// <summary>Creates an evaluator.</summary>
    /// <param name="options">Sandbox limits; null means the defaults documented on <see cref="ExpressionOptions"/>. Copied.</param>
    /// <param name="timeProvider">The clock behind <c>new Date()</c> and <c>Date.now()</c>; null means <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A limit is zero or negative.</exception>
    public JintExpressionEvaluator(ExpressionOptions? options = null, TimeProvider? timeProvider = null)
    {
        var limits = (options ?? new ExpressionOptions()).Validated();
        var time = timeProvider ?? TimeProvider.System;
        _cache = new PreparedCodeCache(limits.CacheSize);
        _pool = new SandboxPool(() => new Sandbox(limits, time));
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">A variable holds a value that cannot be normalized (see <see cref="Variables.VariableValue.Normalize"/>).</exception>
    public object? Evaluate(string expression, IReadOnlyDictionary<string, object?> variables) =>
        Run(expression, isScript: false, variables).Value;

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">A variable holds a value that cannot be normalized (see <see cref="Variables.VariableValue.Normalize"/>).</exception>
    public ScriptResult RunScript(string source, IReadOnlyDictionary<string, object?> variables)
    {
        var (value, set) = Run(source, isScript: true, variables);
        return new ScriptResult(value, set ?? NoVariables);
    }

    private (object? Value, Dictionary<string, object?>? Set) Run(string text, bool isScript, IReadOnlyDictionary<string, object?> variables)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(variables);

        var code = _cache.Get(text, isScript);
        if (code.Failure is not null)
        {
            throw code.ToException(text);
        }

        var sandbox = _pool.Rent();
        var reusable = false;
        try
        {
            var result = sandbox.Run(code, variables);
            reusable = true;
            return result;
        }
        catch (Exception e) when (e is not ArgumentException)
        {
            var failure = sandbox.Explain(e);
            reusable = !failure.Poisoned;
            throw new ExpressionException(text, failure.Cause, failure.RanAway, isScript, position: null, e);
        }
        finally
        {
            _pool.Return(sandbox, healthy: reusable && !sandbox.IsBroken);
        }
    }

    /// <summary>Releases the pooled engines. Evaluating afterwards throws <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose() => _pool.Dispose();
}
