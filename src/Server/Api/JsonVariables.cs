using System.Text.Json;
using PropertyFlow.Engine.Variables;
using EngineValidationException = PropertyFlow.Engine.ValidationException;

namespace PropertyFlow.Server.Api;

/// <summary>Variables as they cross the API: plain JSON values in and out (the engine's normal form).</summary>
public static class JsonVariables
{
    /// <summary>Plain JSON values to the engine's normal form; a value it cannot hold is a 400 naming the variable.</summary>
    public static IReadOnlyDictionary<string, object?>? ToEngine(IReadOnlyDictionary<string, JsonElement>? values, string field = "variables")
    {
        if (values is null)
        {
            return null;
        }

        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            try
            {
                result[name] = VariableValue.Normalize(value);
            }
            catch (ArgumentException e)
            {
                errors[$"{field}.{name}"] = [e.Message];
            }
        }

        return errors.Count > 0 ? throw new EngineValidationException("Some variables cannot be stored.", errors) : result;
    }
}
