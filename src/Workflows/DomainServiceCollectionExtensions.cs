using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Workflows.Catalog;
using PropertyFlow.Workflows.Data;
using PropertyFlow.Workflows.Domain;
using PropertyFlow.Workflows.Handlers;
using PropertyFlow.Workflows.Notices;
using PropertyFlow.Workflows.Queries;

namespace PropertyFlow.Workflows;

/// <summary>Settings of the property-management domain.</summary>
public sealed class DomainOptions
{
    /// <summary>Whether start-up seeds the demo community into a database that has none. Default false.</summary>
    public bool SeedDemoData { get; set; }
}

/// <summary>Registers the domain: <c>services.AddPropertyFlowDomain(db =&gt; db.UsePropertySqlite(path))</c>.</summary>
public static class DomainServiceCollectionExtensions
{
    /// <summary>The property tables, the recipient directory, every domain building block, and start-up migration.</summary>
    /// <param name="services">The host's services.</param>
    /// <param name="database">Chooses the database; must keep the history in <see cref="PropertyDbContext.MigrationsTable"/>
    /// (<see cref="PropertyDatabase.UsePropertySqlite"/> does).</param>
    /// <param name="configure">Domain settings.</param>
    public static IServiceCollection AddPropertyFlowDomain(this IServiceCollection services, Action<DbContextOptionsBuilder> database, Action<DomainOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        var options = PropertyDatabase.Options(database);
        var domain = services.AddOptions<DomainOptions>();
        if (configure is not null)
        {
            domain.Configure(configure);
        }

        services.AddOptions<EngineOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IDbContextFactory<PropertyDbContext>>(sp => new PropertyDbContextFactory(options, sp.GetRequiredService<TimeProvider>()));
        // The domain knows owners and staff: it replaces the notices module's configuration-only stand-in.
        services.Replace(ServiceDescriptor.Singleton<IRecipientDirectory, RecipientDirectory>());
        services.AddDomainHandlers();
        services.AddDomainQueries();
        services.AddHostedService<DomainStartup>();
        return services;
    }

    /// <summary>Every building block of the domain, in one list: engine handlers and catalogue entries at once.</summary>
    public static IServiceCollection AddDomainHandlers(this IServiceCollection services) => services
        .AddCatalogedHandler<ComplaintRecordHandler>()
        .AddCatalogedHandler<ComplaintAssignHandler>()
        .AddCatalogedHandler<ComplaintAdvanceHandler>()
        .AddCatalogedHandler<ComplaintReopenHandler>()
        .AddCatalogedHandler<ComplaintCloseHandler>()
        .AddCatalogedHandler<WorkOrderDispatchHandler>()
        .AddCatalogedHandler<BillingGenerateHandler>()
        .AddCatalogedHandler<BillDetailsHandler>()
        .AddCatalogedHandler<LateFeeHandler>()
        .AddCatalogedHandler<PaymentMatchHandler>()
        .AddCatalogedHandler<InvoiceIssueHandler>()
        .AddCatalogedHandler<StatementPublishHandler>()
        .AddCatalogedHandler<SurveyOpenHandler>()
        .AddCatalogedHandler<SurveyCloseHandler>()
        .AddCatalogedHandler<SurveyInvitationsHandler>()
        .AddCatalogedHandler<KpiEvaluateHandler>()
        .AddCatalogedHandler<InspectionRoundsHandler>()
        .AddCatalogedHandler<CommunityActivateHandler>()
        .AddCatalogedHandler<CommunityListActiveHandler>();
}

/// <summary>Brings the property tables up to date at start and seeds the demo data when asked and the database is new.</summary>
public sealed class DomainStartup(IDbContextFactory<PropertyDbContext> contexts, IOptions<DomainOptions> options, ILogger<DomainStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
        if (options.Value.SeedDemoData && !await db.Communities.AnyAsync(cancellationToken) && await DemoSeeder.SeedAsync(db, cancellationToken))
        {
            logger.LogInformation("Seeded the demo community {Code}.", DemoSeeder.CommunityCode);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
