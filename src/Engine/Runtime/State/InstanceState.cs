using System.Text.Json;
using System.Text.Json.Serialization;

namespace PropertyFlow.Engine.Runtime.State;

// The execution state of one instance as plain data: serialised to JSON into the instance row,
// read back on the next trigger. Nothing here refers to the parsed model except by element id,
// so a stop and restart (or a migration to another version) is a matter of reading this back.

/// <summary>Tokens and scopes of one process instance.</summary>
public sealed class InstanceState
{
    public List<TokenState> Tokens { get; set; } = [];

    public List<ScopeState> Scopes { get; set; } = [];

    internal static readonly JsonSerializerOptions Json = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(), new VariableDictionaryConverter() },
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static InstanceState FromJson(string json) =>
        JsonSerializer.Deserialize<InstanceState>(json, Json) ?? throw new JsonException("Empty instance state.");
}

public enum TokenStatus
{
    /// <summary>Moving: queued in the agenda of the current trigger.</summary>
    Running,

    /// <summary>At a wait state (task, catch event, sub-process, async job…).</summary>
    Waiting,

    /// <summary>Arrived at a joining gateway, waiting for the other branches.</summary>
    Joining,

    /// <summary>Stopped by an incident until someone retries.</summary>
    Failed,
}

/// <summary>A token: where one path of execution stands.</summary>
public sealed class TokenState
{
    public Guid Id { get; set; }

    public Guid ScopeId { get; set; }

    public string ElementId { get; set; } = "";

    public TokenStatus Status { get; set; }

    /// <summary>The sequence flow the token arrived by (joins count these).</summary>
    public string? ViaFlowId { get; set; }

    /// <summary>Local variables of the activity (from <c>camunda:inputOutput</c> inputs).</summary>
    public Dictionary<string, object?>? Locals { get; set; }

    /// <summary>The async-before job of this activity has run: execute, do not schedule again.</summary>
    public bool AsyncDone { get; set; }

    /// <summary>Timers this token armed (boundary and event-gateway timers, catch timers).</summary>
    public List<Guid>? TimerIds { get; set; }

    /// <summary>Message and signal subscriptions this token armed.</summary>
    public List<Guid>? SubscriptionIds { get; set; }

    public Guid? TaskId { get; set; }

    public Guid? JobId { get; set; }

    public Guid? ChildInstanceId { get; set; }

    public Guid? IncidentId { get; set; }

    /// <summary>The incident stopped the token while leaving its element: a retry leaves again instead of re-executing.</summary>
    public bool RetryLeave { get; set; }
}

public enum ScopeKind
{
    Process,
    SubProcess,
    EventSubProcess,

    /// <summary>The body of a multi-instance activity: counts its inner instances.</summary>
    MultiInstanceBody,

    /// <summary>One inner instance of a multi-instance activity (holds loopCounter and the element variable).</summary>
    MultiInstanceInner,
}

/// <summary>A variable scope and a unit of completion: the process, a sub-process, a multi-instance body.</summary>
public sealed class ScopeState
{
    public Guid Id { get; set; }

    public Guid? ParentId { get; set; }

    public ScopeKind Kind { get; set; }

    /// <summary>The sub-process or multi-instance activity this scope executes; null for the process.</summary>
    public string? ElementId { get; set; }

    /// <summary>The token in the parent scope that waits for this scope to complete.</summary>
    public Guid? WaitingTokenId { get; set; }

    public Dictionary<string, object?> Variables { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Timers and subscriptions of event sub-process starts armed for this scope.</summary>
    public List<Guid>? TimerIds { get; set; }

    public List<Guid>? SubscriptionIds { get; set; }

    // Multi-instance body bookkeeping.
    public List<object?>? Items { get; set; }

    public int Total { get; set; }

    public int Started { get; set; }

    public int Completed { get; set; }

    public bool Sequential { get; set; }

    /// <summary>For an inner multi-instance scope: its loop counter.</summary>
    public int LoopCounter { get; set; }
}

/// <summary>Reads variable dictionaries back into the engine's plain value forms.</summary>
internal sealed class VariableDictionaryConverter : JsonConverter<Dictionary<string, object?>>
{
    public override Dictionary<string, object?> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var doc = JsonDocument.ParseValue(ref reader);
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var p in doc.RootElement.EnumerateObject())
        {
            result[p.Name] = Variables.VariableValue.Normalize(p.Value);
        }

        return result;
    }

    public override void Write(Utf8JsonWriter writer, Dictionary<string, object?> value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (k, v) in value)
        {
            writer.WritePropertyName(k);
            writer.WriteRawValue(Variables.VariableValue.ToJson(v), skipInputValidation: true);
        }

        writer.WriteEndObject();
    }
}
