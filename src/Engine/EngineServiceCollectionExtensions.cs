using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PropertyFlow.Engine.Expressions;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime;

namespace PropertyFlow.Engine;

/// <summary>Registers the engine: <c>services.AddPropertyFlowEngine(db =&gt; db.UseEngineSqlite("flow.db"))</c>.</summary>
public static class EngineServiceCollectionExtensions
{
    public static IServiceCollection AddPropertyFlowEngine(this IServiceCollection services, Action<DbContextOptionsBuilder> database, Action<EngineOptions>? configure = null)
    {
        if (SqliteSetup.FindSqlite(database) is { } sqlite)
        {
            SqliteProcess.Configure(); // before any connection opens: SQLite takes process settings only then
            services.AddSingleton<IDbContextFactory<EngineDbContext>>(sp => new SqliteContextFactory(sqlite));
        }
        else
        {
            services.AddPooledDbContextFactory<EngineDbContext>(database);
        }

        var options = services.AddOptions<EngineOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<ExpressionOptions>();
        services.TryAddSingleton<IExpressionEvaluator>(sp =>
            new JintExpressionEvaluator(sp.GetRequiredService<IOptions<ExpressionOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IJobScheduler, PollingOnlyScheduler>();
        services.TryAddSingleton<ProcessEngine>();
        return services;
    }

    /// <summary>Registers an in-process handler for a service-task topic.</summary>
    public static IServiceCollection AddServiceTaskHandler<THandler>(this IServiceCollection services)
        where THandler : class, IServiceTaskHandler =>
        services.AddSingleton<IServiceTaskHandler, THandler>();
}
