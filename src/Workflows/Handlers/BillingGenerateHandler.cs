using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Workflows.Catalog;
using PropertyFlow.Workflows.Data;
using PropertyFlow.Workflows.Domain;

namespace PropertyFlow.Workflows.Handlers;

/// <summary>
/// <c>billing.generate</c>: one bill per unit of a community for a month, priced by the community's active fee
/// rules. Units already billed for the month are skipped (the database refuses a second bill per unit and month),
/// so two runs, even at the same time, bill nobody twice. The output lists the bills this run made; a retried
/// run reports the same bills again. The bills are also given in batches (<c>billBatches</c>, at most
/// <c>batchSize</c> ids each) so a process can start their collections a batch per instance and a bill per background job: one engine trigger
/// that started ten thousand collections would pass the engine's step limit and stop half-way.
/// </summary>
public sealed class BillingGenerateHandler(IDbContextFactory<PropertyDbContext> contexts, IOptions<EngineOptions> engine)
    : DomainHandler(contexts, engine)
{
    public const string TopicName = "billing.generate";

    public override ServiceTaskDescriptor Descriptor { get; } = new(
        TopicName,
        L.T("生成账单", "Generate bills"),
        L.T("按收费标准为小区每户生成当月账单；重复运行不会重复计费。", "Bills every unit of a community for a month from its fee rules; running it again bills nobody twice."),
        [L.Community, L.Period, new("batchSize", InputType.Integer, L.T("每批账单数", "Bills per batch"), Default: "100")],
        [
            new("billCount", InputType.Integer, L.T("本次生成账单数", "Bills made by this run")),
            new("billIds", InputType.Text, L.T("本次生成的账单编号（列表）", "Ids of the bills made (list)")),
            new("billBatches", InputType.Text, L.T("按批分组的账单编号（列表的列表）", "The same ids in batches of batchSize (list of lists)")),
            new("skippedCount", InputType.Integer, L.T("已有账单而跳过的户数", "Units skipped, already billed")),
            new("billedTotal", InputType.String, L.T("本次计费合计（元）", "Total billed by this run (yuan)")),
        ]);

    protected override async Task<IReadOnlyDictionary<string, object?>> WorkAsync(
        PropertyDbContext db, ServiceTaskInputs inputs, ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var community = await CommunityAsync(db, inputs.RequiredString("community"), cancellationToken);
        var period = Periods.Check(inputs.RequiredString("period"));
        var batchSize = inputs.Integer("batchSize") ?? 100;
        if (batchSize < 1)
        {
            throw new DomainException($"batchSize must be at least 1, not {batchSize}.");
        }

        var batch = RunKey(context);
        var rules = await db.FeeRules.Where(r => r.CommunityId == community.Id && r.Active).ToListAsync(cancellationToken);
        if (rules.Count == 0)
        {
            throw new DomainException($"Community {community.Code} has no active fee rules to bill {period} from.");
        }

        rules = [.. rules.OrderBy(r => r.Name, StringComparer.Ordinal)];
        var units = await db.Units.Where(u => u.CommunityId == community.Id).ToListAsync(cancellationToken);
        var existing = await db.Bills.Where(b => b.CommunityId == community.Id && b.Period == period)
            .Select(b => new { b.UnitId, b.Id, b.BatchKey, b.Reference }).ToListAsync(cancellationToken);
        var billed = existing.Select(b => b.UnitId).ToHashSet();
        var mine = existing.Where(b => b.BatchKey == batch).Select(b => (b.Id, b.Reference)).ToList();

        // Like every period's bills, due on the rules' due day; late-fee terms from the strictest contract rule.
        var dueDay = rules.Min(r => r.DueDay);
        var grace = rules.Min(r => r.GraceDays);
        var rate = rules.Max(r => r.LateFeeDailyRate);
        var dueDate = Periods.FirstDay(period).AddDays(dueDay - 1);
        var made = new List<Bill>();
        foreach (var unit in units.Where(u => !billed.Contains(u.Id)).OrderBy(u => u.Number, StringComparer.Ordinal))
        {
            var lines = rules.Select(r => (Rule: r, Amount: r.MonthlyCharge(unit))).ToList();
            var breakdown = string.Join("; ", lines.Select(l => l.Rule.Basis == FeeBasis.PerSquareMeter
                ? string.Create(CultureInfo.InvariantCulture, $"{l.Rule.Name} {l.Rule.Rate:0.00}×{unit.AreaM2:0.00}m²={l.Amount:0.00}")
                : string.Create(CultureInfo.InvariantCulture, $"{l.Rule.Name} {l.Amount:0.00}")));
            var bill = new Bill(Guid.NewGuid(), community, unit, period, lines.Sum(l => l.Amount), breakdown, dueDate, grace, rate, context.Now, batch);
            db.Bills.Add(bill);
            made.Add(bill);
        }

        var ids = mine.Concat(made.Select(b => (b.Id, b.Reference)))
            .OrderBy(b => b.Reference, StringComparer.Ordinal)
            .Select(b => b.Id.ToString())
            .ToList();
        return new Dictionary<string, object?>
        {
            ["billCount"] = ids.Count,
            ["billIds"] = ids,
            ["billBatches"] = ids.Chunk((int)Math.Min(batchSize, int.MaxValue)).Select(chunk => (object?)chunk.Cast<object?>().ToList()).ToList(),
            ["skippedCount"] = billed.Count - mine.Count,
            ["billedTotal"] = Money(made.Sum(b => b.Principal) + (mine.Count == 0 ? 0m : await TotalAsync(db, [.. mine.Select(b => b.Id)], cancellationToken))),
        };
    }

    private static async Task<decimal> TotalAsync(PropertyDbContext db, List<Guid> ids, CancellationToken ct) =>
        (await db.Bills.Where(b => ids.Contains(b.Id)).Select(b => b.Principal).ToListAsync(ct)).Sum(); // decimal sums in memory: SQLite cannot
}
