namespace PropertyFlow.Engine.Expressions;

/// <summary>
/// Runs the JavaScript written in process definitions: expressions (conditions, due dates, assignees, inputs) and scripts.
/// Implementations are thread-safe singletons.
/// </summary>
/// <remarks>
/// Variables are visible to the code as globals by name, as plain JavaScript values (numbers, strings, booleans, null, arrays and
/// objects). Results come back in the normal form of <see cref="Variables.VariableValue"/>, with one exception: a result that is NaN
/// or ±Infinity stays a <see cref="double"/> (so truthiness and text come out as in JavaScript); such a number cannot be stored
/// as a variable.
/// </remarks>
public interface IExpressionEvaluator
{
    /// <summary>Evaluates one JavaScript expression (raw JavaScript, without <c>${...}</c>) and returns its value.</summary>
    /// <param name="expression">A single JavaScript expression, e.g. <c>amount &gt; 100</c>.</param>
    /// <param name="variables">The variables the expression sees.</param>
    /// <exception cref="ExpressionException">
    /// The expression does not parse, refers to an unknown variable, throws, returns something that is not plain data, or breaks a
    /// sandbox limit (<see cref="ExpressionException.RanAway"/>).
    /// </exception>
    object? Evaluate(string expression, IReadOnlyDictionary<string, object?> variables);

    /// <summary>
    /// Runs a JavaScript program. It may call <c>setVariable(name, value)</c> and <c>getVariable(name)</c> (also as
    /// <c>execution.setVariable</c> / <c>execution.getVariable</c>, as Camunda scripts write them); its completion value (the value of
    /// the last expression statement) is <see cref="ScriptResult.Value"/>.
    /// </summary>
    /// <exception cref="ExpressionException">As for <see cref="Evaluate"/>.</exception>
    ScriptResult RunScript(string source, IReadOnlyDictionary<string, object?> variables);
}

/// <summary>What a script produced.</summary>
/// <param name="Value">The script's completion value, in normal form (null when it has none).</param>
/// <param name="SetVariables">Variables the script set with <c>setVariable</c>, in first-set order, each with its last value.</param>
public sealed record ScriptResult(object? Value, IReadOnlyDictionary<string, object?> SetVariables);
