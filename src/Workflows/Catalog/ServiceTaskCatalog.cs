using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PropertyFlow.Engine.Runtime;

namespace PropertyFlow.Workflows.Catalog;

/// <summary>Every building block registered in this host, by topic: the one list the designer and docs read.</summary>
public sealed class ServiceTaskCatalog
{
    private readonly Dictionary<string, ServiceTaskDescriptor> _byTopic;

    public ServiceTaskCatalog(IEnumerable<CatalogedHandler> handlers)
    {
        ArgumentNullException.ThrowIfNull(handlers);
        _byTopic = new Dictionary<string, ServiceTaskDescriptor>(StringComparer.Ordinal);
        foreach (var handler in handlers)
        {
            if (!_byTopic.TryAdd(handler.Topic, handler.Descriptor))
            {
                throw new InvalidOperationException($"Two handlers are registered for the topic '{handler.Topic}'.");
            }
        }
    }

    /// <summary>Every descriptor, ordered by topic.</summary>
    public IReadOnlyList<ServiceTaskDescriptor> All => [.. _byTopic.Values.OrderBy(d => d.Topic, StringComparer.Ordinal)];

    public ServiceTaskDescriptor? Find(string topic) => _byTopic.GetValueOrDefault(topic);
}

/// <summary>Registers building blocks so both the engine (as handlers) and the catalogue see them.</summary>
public static class CatalogServiceCollectionExtensions
{
    /// <summary>Registers <typeparamref name="THandler"/> as a singleton engine handler and catalogue entry.</summary>
    public static IServiceCollection AddCatalogedHandler<THandler>(this IServiceCollection services)
        where THandler : CatalogedHandler
    {
        services.AddSingleton<THandler>();
        services.AddSingleton<CatalogedHandler>(sp => sp.GetRequiredService<THandler>());
        services.AddSingleton<IServiceTaskHandler>(sp => sp.GetRequiredService<THandler>());
        services.TryAddSingleton<ServiceTaskCatalog>();
        return services;
    }
}
