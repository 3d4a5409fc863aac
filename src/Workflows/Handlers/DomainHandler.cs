using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Workflows.Catalog;
using PropertyFlow.Workflows.Data;
using PropertyFlow.Workflows.Domain;

namespace PropertyFlow.Workflows.Handlers;

/// <summary>
/// A building block that works on the property tables. Each run is one transaction; a run that collides with a
/// concurrent writer (a unique index or a version check) is rolled back and run again on fresh data, which is
/// why every handler is written to find its own earlier work and report it instead of doing it twice.
/// A <see cref="DomainException"/> (a rule refused the change) becomes the BPMN error <see cref="RuleErrorCode"/>,
/// which a process may catch; uncaught, it is an incident with the rule's message.
/// </summary>
public abstract class DomainHandler(IDbContextFactory<PropertyDbContext> contexts, IOptions<EngineOptions> engine) : CatalogedHandler
{
    /// <summary>The BPMN error code of a refused domain rule.</summary>
    public const string RuleErrorCode = "domain-rule";

    /// <summary>How many times a run that met a concurrent writer is tried again. Five.</summary>
    public const int ConflictRetries = 5;

    /// <summary>The zone dates are read in (the engine's; Asia/Shanghai in the server).</summary>
    protected TimeZoneInfo Zone => engine.Value.TimeZone;

    protected sealed override async Task<IReadOnlyDictionary<string, object?>> RunAsync(
        ServiceTaskInputs inputs, ServiceTaskContext context, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            db.Actor = $"process:{context.ProcessKey}/{context.ElementId}";
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            try
            {
                var result = await WorkAsync(db, inputs, context, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                await AfterCommitAsync(result, context, cancellationToken);
                return result;
            }
            // A save that lost to another writer (a unique key or revision taken first), or a PostgreSQL deadlock or
            // serialization failure anywhere in the run: worth running again; anything else is not.
            catch (Exception conflict) when (attempt < ConflictRetries && (conflict is DbUpdateException || StoreConflicts.IsWriteConflict(conflict)))
            {
                await transaction.RollbackAsync(cancellationToken);
            }
            catch (DomainException rule)
            {
                throw new BpmnErrorException(RuleErrorCode, rule.Message);
            }
        }
    }

    /// <summary>
    /// Runs once the work is committed: the place to tell other processes (correlate a message through the engine), so
    /// they never hear of a change that was rolled back. Not run when the work failed. Default nothing.
    /// </summary>
    /// <param name="result">What <see cref="WorkAsync"/> returned.</param>
    /// <param name="context">The task being run.</param>
    /// <param name="cancellationToken">Cancels the follow-up.</param>
    protected virtual Task AfterCommitAsync(IReadOnlyDictionary<string, object?> result, ServiceTaskContext context, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    /// <summary>Does the work on <paramref name="db"/>; the base class saves and commits.</summary>
    protected abstract Task<IReadOnlyDictionary<string, object?>> WorkAsync(
        PropertyDbContext db, ServiceTaskInputs inputs, ServiceTaskContext context, CancellationToken cancellationToken);

    /// <summary>A key naming this task in this instance: lets a repeated run find what the first one made.</summary>
    protected static string RunKey(ServiceTaskContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return $"{context.InstanceId:N}/{context.ElementId}";
    }

    /// <summary>The calendar day of <paramref name="at"/> in <see cref="Zone"/>.</summary>
    protected DateOnly Today(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, Zone).DateTime);

    /// <summary>The instant a day starts in <see cref="Zone"/>.</summary>
    protected DateTimeOffset StartOf(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, Zone.GetUtcOffset(local));
    }

    /// <summary>Finds a community by its code or id.</summary>
    /// <exception cref="DomainException">There is no such community.</exception>
    protected static async Task<Community> CommunityAsync(PropertyDbContext db, string codeOrId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var community = Guid.TryParse(codeOrId, out var id)
            ? await db.Communities.FirstOrDefaultAsync(c => c.Id == id, ct)
            : await db.Communities.FirstOrDefaultAsync(c => c.Code == codeOrId, ct);
        return community ?? throw new DomainException($"There is no community '{codeOrId}'.");
    }

    /// <summary>Reads a required id input.</summary>
    /// <exception cref="DomainException">The text is not an id.</exception>
    protected static Guid Id(ServiceTaskInputs inputs, string name)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var text = inputs.RequiredString(name);
        return Guid.TryParse(text, out var id) ? id : throw new DomainException($"'{name}' must be an id, not '{text}'.");
    }

    /// <summary>Money as exact text (<c>123.45</c>): process variables would otherwise turn it into a floating-point number.</summary>
    protected static string Money(decimal amount) => amount.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A percentage for a process variable (one decimal; conditions like <c>${satisfaction &lt; 80}</c> read it).</summary>
    protected static double? Percent(decimal? value) => value is { } v ? (double)v : null;
}

/// <summary>Label shortcuts for descriptors.</summary>
internal static class L
{
    public static LocalizedText T(string zh, string en) => new(zh, en);

    public static ServiceTaskInput Community { get; } = new("community", InputType.String, T("小区（代码或编号）", "Community (code or id)"), Required: true);

    public static ServiceTaskInput Period { get; } = new("period", InputType.String, T("账期（yyyy-MM）", "Period (yyyy-MM)"), Required: true);
}
