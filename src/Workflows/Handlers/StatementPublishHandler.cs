using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Workflows.Catalog;
using PropertyFlow.Workflows.Data;
using PropertyFlow.Workflows.Domain;

namespace PropertyFlow.Workflows.Handlers;

/// <summary>
/// <c>statement.publish</c>: the income and expense statement (收支公示) of a community for a month. Income is the
/// money received in the month (applied to bills, and over-payments held as credit); expenses are the month's
/// expense records by category. Published once; a retry returns the published statement.
/// </summary>
public sealed class StatementPublishHandler(IDbContextFactory<PropertyDbContext> contexts, IOptions<EngineOptions> engine)
    : DomainHandler(contexts, engine)
{
    public const string TopicName = "statement.publish";

    /// <summary>Income line for fees received.</summary>
    public const string FeesCollected = "物业费收入 Fees collected";

    /// <summary>Income line for money received beyond the bills (held as owners' credit).</summary>
    public const string Prepayments = "预收款 Prepayments";

    public override ServiceTaskDescriptor Descriptor { get; } = new(
        TopicName,
        L.T("公示收支", "Publish statement"),
        L.T("生成并公示小区当月收支明细。", "Drafts and publishes the community's income and expense statement for a month."),
        [L.Community, L.Period],
        [
            new("statementId", InputType.String, L.T("收支表编号", "Statement id")),
            new("income", InputType.String, L.T("收入（元）", "Income (yuan)")),
            new("expense", InputType.String, L.T("支出（元）", "Expense (yuan)")),
            new("balance", InputType.String, L.T("结余（元）", "Balance (yuan)")),
        ]);

    protected override async Task<IReadOnlyDictionary<string, object?>> WorkAsync(
        PropertyDbContext db, ServiceTaskInputs inputs, ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var community = await CommunityAsync(db, inputs.RequiredString("community"), cancellationToken);
        var period = Periods.Check(inputs.RequiredString("period"));
        var statement = await db.Statements.FirstOrDefaultAsync(s => s.CommunityId == community.Id && s.Period == period, cancellationToken);
        if (statement is null)
        {
            var first = Periods.FirstDay(period);
            var from = StartOf(first);
            var to = StartOf(first.AddMonths(1));
            var payments = await db.Payments.Include(p => p.Allocations)
                .Where(p => p.CommunityId == community.Id && p.ReceivedAt >= from && p.ReceivedAt < to)
                .ToListAsync(cancellationToken);
            var last = Periods.LastDay(period);
            var expenses = await db.Expenses
                .Where(e => e.CommunityId == community.Id && e.Date >= first && e.Date <= last)
                .ToListAsync(cancellationToken);

            statement = new Statement(Guid.NewGuid(), community.Id, period);
            statement.AddLine(StatementLineKind.Income, FeesCollected, payments.SelectMany(p => p.Allocations).Sum(a => a.Amount));
            var credit = payments.Sum(p => p.Unapplied);
            if (credit > 0)
            {
                statement.AddLine(StatementLineKind.Income, Prepayments, credit);
            }

            foreach (var group in expenses.GroupBy(e => e.Category).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                statement.AddLine(StatementLineKind.Expense, group.Key, group.Sum(e => e.Amount));
            }

            statement.Publish(context.Now);
            db.Statements.Add(statement);
        }

        return new Dictionary<string, object?>
        {
            ["statementId"] = statement.Id.ToString(),
            ["income"] = Money(statement.Income),
            ["expense"] = Money(statement.Expense),
            ["balance"] = Money(statement.Balance),
        };
    }
}
