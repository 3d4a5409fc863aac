using PropertyFlow.Engine.Runtime;

namespace PropertyFlow.Engine.Tests.Fakes;

/// <summary>A service-task handler that records each call and returns what the test tells it to.</summary>
public sealed class RecordingHandler(string topic, Func<ServiceTaskContext, Task<IReadOnlyDictionary<string, object?>>>? behaviour = null) : IServiceTaskHandler
{
    private readonly List<ServiceTaskContext> _calls = [];

    public string Topic { get; } = topic;

    public IReadOnlyList<ServiceTaskContext> Calls
    {
        get
        {
            lock (_calls)
            {
                return [.. _calls];
            }
        }
    }

    public async Task<IReadOnlyDictionary<string, object?>> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        lock (_calls)
        {
            _calls.Add(context);
        }

        return behaviour is null ? new Dictionary<string, object?>() : await behaviour(context);
    }

    /// <summary>A handler that returns the same variables every time.</summary>
    public static RecordingHandler Returning(string topic, IReadOnlyDictionary<string, object?> result) =>
        new(topic, _ => Task.FromResult(result));

    /// <summary>A handler that always throws.</summary>
    public static RecordingHandler Throwing(string topic, Func<Exception> failure) =>
        new(topic, _ => Task.FromException<IReadOnlyDictionary<string, object?>>(failure()));
}

public static class HandlerRegistration
{
    public static Microsoft.Extensions.DependencyInjection.IServiceCollection AddSingletonHandler(this Microsoft.Extensions.DependencyInjection.IServiceCollection services, IServiceTaskHandler handler) =>
        Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton(services, handler);
}
