using System.Globalization;
using PropertyFlow.Engine.Runtime;

namespace PropertyFlow.Workflows.Catalog;

/// <summary>
/// A service-task handler that declares its inputs. The base class checks the declared inputs
/// (required, type, choices), fills in defaults and only then calls <see cref="RunAsync"/>,
/// so a handler never sees a missing or mistyped value.
/// </summary>
public abstract class CatalogedHandler : IServiceTaskHandler
{
    /// <summary>The declaration of this topic.</summary>
    public abstract ServiceTaskDescriptor Descriptor { get; }

    /// <inheritdoc />
    public string Topic => Descriptor.Topic;

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, object?>> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var inputs = ServiceTaskInputs.Bind(Descriptor, context);
        return RunAsync(inputs, context, cancellationToken);
    }

    /// <summary>Does the work with inputs already checked.</summary>
    protected abstract Task<IReadOnlyDictionary<string, object?>> RunAsync(
        ServiceTaskInputs inputs, ServiceTaskContext context, CancellationToken cancellationToken);
}

/// <summary>The checked inputs of one service-task run, typed by their declaration.</summary>
public sealed class ServiceTaskInputs
{
    private readonly Dictionary<string, object?> _values;

    private ServiceTaskInputs(Dictionary<string, object?> values) => _values = values;

    /// <summary>Reads the inputs the descriptor declares from the task's inputs (then its variables).</summary>
    /// <exception cref="ServiceTaskInputException">A required input is missing or a value has the wrong type.</exception>
    public static ServiceTaskInputs Bind(ServiceTaskDescriptor descriptor, ServiceTaskContext context)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        ArgumentNullException.ThrowIfNull(context);
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var input in descriptor.Inputs)
        {
            object? raw = null;
            var found = context.Inputs.TryGetValue(input.Name, out raw) || context.Variables.TryGetValue(input.Name, out raw);
            if (!found || raw is null || (raw is string s && s.Length == 0))
            {
                raw = input.Default;
            }

            if (raw is null)
            {
                if (input.Required)
                {
                    problems.Add($"'{input.Name}' ({input.Label}) is required");
                }

                values[input.Name] = null;
                continue;
            }

            if (TryConvert(input, raw, out var converted, out var why))
            {
                values[input.Name] = converted;
            }
            else
            {
                problems.Add($"'{input.Name}' ({input.Label}): {why}");
            }
        }

        if (problems.Count > 0)
        {
            throw new ServiceTaskInputException(descriptor.Topic, problems);
        }

        return new ServiceTaskInputs(values);
    }

    /// <summary>The value of a declared input, or null when it is optional and absent.</summary>
    public object? this[string name] => _values.TryGetValue(name, out var v) ? v : throw new KeyNotFoundException($"'{name}' is not a declared input.");

    public string? String(string name) => (string?)this[name];

    public string RequiredString(string name) => String(name) ?? throw new InvalidOperationException($"Input '{name}' has no value.");

    public long? Integer(string name) => (long?)this[name];

    public decimal? Decimal(string name) => (decimal?)this[name];

    public bool? Boolean(string name) => (bool?)this[name];

    public DateOnly? Date(string name) => (DateOnly?)this[name];

    public DateTimeOffset? DateTime(string name) => (DateTimeOffset?)this[name];

    public TimeSpan? Duration(string name) => (TimeSpan?)this[name];

    private static bool TryConvert(ServiceTaskInput input, object raw, out object? value, out string why)
    {
        value = null;
        why = string.Empty;
        var inv = CultureInfo.InvariantCulture;
        try
        {
            switch (input.Type)
            {
                case InputType.String or InputType.Text:
                    value = raw as string ?? Convert.ToString(raw, inv);
                    return true;
                case InputType.Integer:
                    value = raw is string si ? long.Parse(si, NumberStyles.Integer, inv) : Convert.ToInt64(raw, inv);
                    return true;
                case InputType.Decimal:
                    value = raw is string sd ? decimal.Parse(sd, NumberStyles.Number, inv) : Convert.ToDecimal(raw, inv);
                    return true;
                case InputType.Boolean:
                    value = raw is string sb ? bool.Parse(sb) : Convert.ToBoolean(raw, inv);
                    return true;
                case InputType.Date:
                    value = raw switch
                    {
                        DateOnly d => d,
                        DateTimeOffset dto => DateOnly.FromDateTime(dto.DateTime),
                        DateTime dt => DateOnly.FromDateTime(dt),
                        _ => DateOnly.ParseExact(Convert.ToString(raw, inv)!, "yyyy-MM-dd", inv),
                    };
                    return true;
                case InputType.DateTime:
                    value = raw switch
                    {
                        DateTimeOffset dto => dto,
                        DateTime dt => new DateTimeOffset(dt),
                        _ => DateTimeOffset.Parse(Convert.ToString(raw, inv)!, inv, DateTimeStyles.RoundtripKind),
                    };
                    return true;
                case InputType.Duration:
                    value = raw is TimeSpan ts ? ts : System.Xml.XmlConvert.ToTimeSpan(Convert.ToString(raw, inv)!);
                    return true;
                case InputType.Choice:
                    var text = Convert.ToString(raw, inv);
                    if (input.Choices is { } choices && !choices.Contains(text, StringComparer.Ordinal))
                    {
                        why = $"'{text}' is not one of {string.Join(", ", choices)}";
                        return false;
                    }

                    value = text;
                    return true;
                default:
                    why = $"unknown input type {input.Type}";
                    return false;
            }
        }
        catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException or ArgumentException)
        {
            why = $"'{raw}' is not a valid {input.Type.ToString().ToLowerInvariant()}";
            return false;
        }
    }
}

/// <summary>A service task was given inputs that do not match its topic's declaration. The run fails and becomes an incident.</summary>
public sealed class ServiceTaskInputException(string topic, IReadOnlyList<string> problems)
    : Exception($"Service task '{topic}': {string.Join("; ", problems)}.")
{
    public string Topic { get; } = topic;

    public IReadOnlyList<string> Problems { get; } = problems;
}
