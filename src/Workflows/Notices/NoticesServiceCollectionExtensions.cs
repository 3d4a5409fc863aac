using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PropertyFlow.Workflows.Catalog;
using PropertyFlow.Workflows.Notices.Outbox;
using PropertyFlow.Workflows.Notices.Templates;
using PropertyFlow.Workflows.Notices.Transport;

namespace PropertyFlow.Workflows.Notices;

/// <summary>
/// Registers the notice module:
/// <c>services.AddPropertyFlowNotices(db =&gt; db.UseNoticeSqlite(path), notices =&gt; ..., smtp =&gt; ...)</c>.
/// </summary>
public static class NoticesServiceCollectionExtensions
{
    /// <summary>
    /// The outbox on <paramref name="database"/>, the template store, the dispatcher, the transport (SMTP when
    /// <see cref="SmtpOptions.Host"/> is set, else the pickup folder) and the <c>notice.send</c> building block.
    /// A fallback <see cref="IRecipientDirectory"/> (<see cref="ConfiguredRecipientDirectory"/>) is added only
    /// when none is registered.
    /// </summary>
    public static IServiceCollection AddPropertyFlowNotices(
        this IServiceCollection services,
        Action<DbContextOptionsBuilder> database,
        Action<NoticeOptions>? notices = null,
        Action<SmtpOptions>? smtp = null)
    {
        services.AddPooledDbContextFactory<NoticeDbContext>(database);
        var noticeOptions = services.AddOptions<NoticeOptions>();
        if (notices is not null)
        {
            noticeOptions.Configure(notices);
        }

        var smtpOptions = services.AddOptions<SmtpOptions>();
        if (smtp is not null)
        {
            smtpOptions.Configure(smtp);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IRecipientDirectory, ConfiguredRecipientDirectory>();
        services.TryAddSingleton<NoticeTemplateStore>();
        services.TryAddSingleton<NoticeRenderer>();
        services.TryAddSingleton<NoticeOutbox>();
        services.TryAddSingleton<NoticeDispatcher>();
        services.TryAddSingleton<INoticeTransport>(sp => sp.GetRequiredService<IOptions<SmtpOptions>>().Value.IsConfigured
            ? ActivatorUtilities.CreateInstance<SmtpNoticeTransport>(sp)
            : ActivatorUtilities.CreateInstance<PickupFolderTransport>(sp));
        services.AddCatalogedHandler<SendNoticeHandler>();
        return services;
    }
}
