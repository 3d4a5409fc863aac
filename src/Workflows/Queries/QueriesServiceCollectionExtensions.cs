using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace PropertyFlow.Workflows.Queries;

/// <summary>Registers the read services behind the domain pages and resources.</summary>
public static class QueriesServiceCollectionExtensions
{
    /// <summary>Complaint, bill, survey and statement queries (singletons: they hold no state; each call opens its own context).</summary>
    public static IServiceCollection AddDomainQueries(this IServiceCollection services)
    {
        services.TryAddSingleton<ComplaintQueries>();
        services.TryAddSingleton<BillQueries>();
        services.TryAddSingleton<SurveyQueries>();
        services.TryAddSingleton<StatementQueries>();
        return services;
    }
}
