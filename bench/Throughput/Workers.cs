namespace PropertyFlow.Bench.Throughput;

/// <summary>A fixed number of callers sharing one counter, the way a few request threads share one engine.</summary>
internal static class Workers
{
    /// <summary>Runs <paramref name="work"/> for 0..<paramref name="count"/>-1 on <paramref name="workers"/> loops; returns the timing.</summary>
    public static async Task<RunTiming> RunAsync(int count, int workers, Func<int, Task> work)
    {
        var next = -1;
        var clock = RunClock.Start();
        var loops = Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                await work(i);
            }
        }));
        await Task.WhenAll(loops);
        return clock.Stop();
    }
}
