using System.Collections.Concurrent;

namespace PropertyFlow.Engine.Expressions;

/// <summary>
/// Parsed expressions and scripts by text, bounded to <see cref="ExpressionOptions.CacheSize"/> entries. When it overflows, the
/// least recently used half is dropped (and parsed again when next needed); failures are cached too, so a broken condition is not
/// parsed again on every evaluation.
/// </summary>
internal sealed class PreparedCodeCache(int capacity)
{
    private readonly ConcurrentDictionary<(bool IsScript, string Text), PreparedCode> _entries = new();
    private readonly Lock _evicting = new();
    private int _count;

    public PreparedCode Get(string text, bool isScript)
    {
        var key = (isScript, text);
        if (!_entries.TryGetValue(key, out var code))
        {
            var prepared = PreparedCode.Prepare(text, isScript);
            code = _entries.GetOrAdd(key, prepared);
            if (ReferenceEquals(code, prepared) && Interlocked.Increment(ref _count) > capacity)
            {
                Evict();
            }
        }

        code.Touch(Environment.TickCount64);
        return code;
    }

    private void Evict()
    {
        // One thread trims; the others carry on, the cache briefly a little over its size.
        if (!_evicting.TryEnter())
        {
            return;
        }

        try
        {
            var oldest = _entries.ToArray().OrderByDescending(e => e.Value.LastUse).Skip(capacity / 2);
            foreach (var entry in oldest)
            {
                if (_entries.TryRemove(entry))
                {
                    Interlocked.Decrement(ref _count);
                }
            }
        }
        finally
        {
            _evicting.Exit();
        }
    }
}
