using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;

namespace PropertyFlow.Engine.Variables;

/// <summary>
/// Reads sequences of <c>KeyValuePair&lt;string, T&gt;</c> for any <c>T</c> (an <c>IReadOnlyDictionary&lt;string, int&gt;</c> that is
/// not an <see cref="IDictionary"/>, say), which no covariant interface covers because <see cref="KeyValuePair{TKey,TValue}"/> is a struct.
/// </summary>
internal static class StringKeyedPairs
{
    private static readonly ConcurrentDictionary<Type, PairReader?> Readers = new();

    public static bool TryRead(IEnumerable sequence, out IEnumerable<KeyValuePair<string, object?>> pairs)
    {
        var reader = Readers.GetOrAdd(sequence.GetType(), FindReader);
        if (reader is null)
        {
            pairs = [];
            return false;
        }

        pairs = Read(sequence, reader);
        return true;
    }

    private static IEnumerable<KeyValuePair<string, object?>> Read(IEnumerable sequence, PairReader reader)
    {
        foreach (var item in sequence)
        {
            yield return new KeyValuePair<string, object?>((string)reader.Key.GetValue(item)!, reader.Value.GetValue(item));
        }
    }

    private static PairReader? FindReader(Type type)
    {
        foreach (var candidate in type.GetInterfaces())
        {
            if (candidate.IsGenericType
                && candidate.GetGenericTypeDefinition() == typeof(IEnumerable<>)
                && candidate.GetGenericArguments()[0] is { IsGenericType: true } pairType
                && pairType.GetGenericTypeDefinition() == typeof(KeyValuePair<,>)
                && pairType.GetGenericArguments()[0] == typeof(string))
            {
                return new PairReader(pairType.GetProperty("Key")!, pairType.GetProperty("Value")!);
            }
        }

        return null;
    }

    private sealed record PairReader(PropertyInfo Key, PropertyInfo Value);
}
