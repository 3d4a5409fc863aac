namespace PropertyFlow.Engine.Runtime;

/// <summary>
/// Runs the service and send tasks of one topic inside the engine. A topic with no registered
/// handler is an external task, fetched by workers.
/// </summary>
public interface IServiceTaskHandler
{
    /// <summary>The <c>camunda:topic</c> this handler runs.</summary>
    string Topic { get; }

    /// <summary>Does the work. Returns variables to set; throws <see cref="BpmnErrorException"/> for a business error.</summary>
    Task<IReadOnlyDictionary<string, object?>> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken);
}

/// <summary>What a handler sees of the task it runs.</summary>
public sealed class ServiceTaskContext
{
    public required Guid InstanceId { get; init; }

    public required string ProcessKey { get; init; }

    public required string ElementId { get; init; }

    public string? BusinessKey { get; init; }

    /// <summary>The activity's input parameters, evaluated.</summary>
    public required IReadOnlyDictionary<string, object?> Inputs { get; init; }

    /// <summary>Every variable visible to the task (inputs included).</summary>
    public required IReadOnlyDictionary<string, object?> Variables { get; init; }

    /// <summary>The engine's clock reading when the task started.</summary>
    public required DateTimeOffset Now { get; init; }

    /// <summary>Reads an input or variable, converted to <typeparamref name="T"/>.</summary>
    public T? Get<T>(string name) =>
        Variables.TryGetValue(name, out var v) && PropertyFlow.Engine.Variables.VariableConvert.To(v, typeof(T), name) is { } converted ? (T)converted : default;
}

/// <summary>A business error a handler raises; an error boundary or event sub-process with the code catches it.</summary>
public sealed class BpmnErrorException(string errorCode, string? message = null, IReadOnlyDictionary<string, object?>? variables = null)
    : Exception(message ?? errorCode)
{
    public string ErrorCode { get; } = errorCode;

    public IReadOnlyDictionary<string, object?>? Variables { get; } = variables;
}
