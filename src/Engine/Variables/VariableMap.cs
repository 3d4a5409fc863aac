using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace PropertyFlow.Engine.Variables;

/// <summary>
/// The variables of a scope: names (ordinal, case-sensitive) to values in the normal form of <see cref="VariableValue"/>.
/// Insertion order is kept, so <see cref="ToJson"/> is deterministic; replacing a value keeps its place.
/// </summary>
/// <remarks>
/// Not thread-safe. Values are normalized (copied) when set, so a map never shares containers with its caller's input;
/// <see cref="Clone"/> shares nested lists and dictionaries with the original, so replace a value instead of changing one in place.
/// </remarks>
[SuppressMessage("Naming", "CA1710:Identifiers should have correct suffix", Justification = "\"Variable map\" is the engine's word, as in Camunda.")]
public sealed class VariableMap : IReadOnlyDictionary<string, object?>
{
    private readonly OrderedDictionary<string, object?> _values;

    /// <summary>An empty map.</summary>
    public VariableMap() => _values = new OrderedDictionary<string, object?>(StringComparer.Ordinal);

    /// <summary>A map holding <paramref name="values"/>, each normalized with <see cref="VariableValue.Normalize"/>.</summary>
    /// <exception cref="ArgumentException">A name is empty or a value cannot be normalized.</exception>
    public VariableMap(IEnumerable<KeyValuePair<string, object?>> values)
        : this()
    {
        SetAll(values);
    }

    private VariableMap(OrderedDictionary<string, object?> values) => _values = values;

    /// <summary>The value of a variable; setting normalizes the value (and adds the variable at the end when new).</summary>
    /// <exception cref="KeyNotFoundException">Reading a variable that does not exist (use <see cref="Get{T}"/> or <see cref="TryGetValue"/>).</exception>
    /// <exception cref="ArgumentException">Setting with an empty name or a value that cannot be normalized.</exception>
    public object? this[string name]
    {
        get => _values.TryGetValue(name, out var value) ? value : throw new KeyNotFoundException($"There is no variable '{name}'.");
        set => _values[CheckName(name)] = VariableValue.Normalize(value);
    }

    public int Count => _values.Count;

    public IEnumerable<string> Keys => _values.Keys;

    public IEnumerable<object?> Values => _values.Values;

    /// <summary>Sets every variable in <paramref name="values"/>, in order (see the indexer).</summary>
    public void SetAll(IEnumerable<KeyValuePair<string, object?>> values)
    {
        foreach (var (name, value) in values)
        {
            this[name] = value;
        }
    }

    /// <summary>Removes a variable; false when there was none.</summary>
    public bool Remove(string name) => _values.Remove(name);

    public bool ContainsKey(string key) => _values.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value) => _values.TryGetValue(key, out value);

    /// <summary>
    /// Reads a variable as <typeparamref name="T"/>: <c>default</c> when it is missing or null (so ask for <c>int?</c> to tell a
    /// missing number from 0).
    /// </summary>
    /// <remarks>
    /// Numbers convert between whole-number types (checked), <see cref="double"/>, <see cref="float"/> and <see cref="decimal"/>;
    /// text is parsed (invariant culture) into numbers, <see cref="bool"/>, <see cref="DateTimeOffset"/> (ISO-8601; no offset means
    /// UTC), <see cref="DateTime"/> (UTC), <see cref="DateOnly"/> (<c>yyyy-MM-dd</c>, or the date of an instant), <see cref="TimeOnly"/>,
    /// <see cref="TimeSpan"/> (ISO-8601 duration or <c>c</c> format), <see cref="Guid"/>, <see cref="Uri"/> and enums (by name, ignoring case);
    /// any value reads as <see cref="string"/> (lists and dictionaries as JSON) and as <see cref="JsonElement"/>. Lists read as
    /// <c>List&lt;T&gt;</c>, <c>T[]</c> or their read-only interfaces, dictionaries as <c>Dictionary&lt;string, T&gt;</c> and its
    /// interfaces, element by element, always as fresh copies.
    /// </remarks>
    /// <exception cref="InvalidCastException">The value cannot be read as <typeparamref name="T"/>; the message names the variable and the value.</exception>
    public T? Get<T>(string name) =>
        _values.TryGetValue(name, out var value) && VariableConvert.To(value, typeof(T), name) is { } converted ? (T)converted : default;

    /// <summary>The variables as one compact JSON object, in insertion order, non-ASCII text unescaped.</summary>
    public string ToJson() => VariableValue.WriteToString(writer => VariableValue.WriteObject(writer, _values));

    /// <summary>Reads a JSON object of variables (as written by <see cref="ToJson"/>).</summary>
    /// <exception cref="JsonException">The text is not a JSON object, or is too deeply nested.</exception>
    public static VariableMap FromJson(string json)
    {
        using var document = VariableValue.ParseDocument(json);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"Variables must be a JSON object, not {document.RootElement.ValueKind}.");
        }

        var values = new OrderedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            values[property.Name] = VariableValue.FromElement(property.Value);
        }

        return new VariableMap(values);
    }

    /// <summary>A copy of the map itself, O(number of variables); nested lists and dictionaries are shared, not copied.</summary>
    public VariableMap Clone() => new(new OrderedDictionary<string, object?>(_values, StringComparer.Ordinal));

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static string CheckName(string name) =>
        string.IsNullOrWhiteSpace(name) ? throw new ArgumentException("A variable name must not be empty.", nameof(name)) : name;
}
