using System.Collections.Concurrent;

namespace PropertyFlow.Engine.Expressions;

/// <summary>
/// Parsed expressions and scripts by text, bounded to <see cref="ExpressionOptions.CacheSize"/> entries. When it overflows, the
/// least recently used half is dropped (and parsed again when next needed); failures are cached too, so a broken condition is not
/// parsed again on every evaluation.
/// </summary>
internal sealed class PreparedCodeCache(int capacity)
{
    // One dictionary per kind, keyed by the text alone: string keys hash much faster than tuples holding them.
    private readonly ConcurrentDictionary<string, PreparedCode> _expressions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PreparedCode> _scripts = new(StringComparer.Ordinal);
    private readonly Lock _evicting = new();
    private int _count;

    public PreparedCode Get(string text, bool isScript)
    {
        var entries = isScript ? _scripts : _expressions;
        if (!entries.TryGetValue(text, out var code))
        {
            var prepared = PreparedCode.Prepare(text, isScript);
            code = entries.GetOrAdd(text, prepared);
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
            var all = _expressions.Select(e => (Entries: _expressions, Entry: e)).Concat(_scripts.Select(e => (Entries: _scripts, Entry: e)));
            foreach (var (entries, entry) in all.OrderByDescending(e => e.Entry.Value.LastUse).Skip(capacity / 2).ToList())
            {
                if (entries.TryRemove(entry))
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
