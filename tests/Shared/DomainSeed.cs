using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Workflows.Data;
using PropertyFlow.Workflows.Domain;

namespace PropertyFlow.Tests.Shared;

/// <summary>
/// Seeding helpers the server tests and the browser tests share (this file is linked into both projects, like the
/// parser's BpmnMutator): the shipped processes, the demo community "SG", complaints, bills and surveys made through
/// the domain's own entities in the running host's database.
/// </summary>
public static class DomainSeed
{
    /// <summary>The demo community every test host seeds.</summary>
    public const string Community = "SG";

    /// <summary>A file of the repository's <c>workflows/</c> folder, found above the test assembly.</summary>
    public static string ShippedFile(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "workflows", name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"No workflows/{name} above {AppContext.BaseDirectory}");
    }

    /// <summary>Deploys the shipped complaint process unless the engine already has it.</summary>
    public static async Task DeployComplaintAsync(ProcessEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        if ((await engine.QueryDefinitionsAsync("complaint")).Count == 0)
        {
            await engine.DeployAsync("complaint.bpmn", await File.ReadAllTextAsync(ShippedFile("complaint.bpmn")));
        }
    }

    /// <summary>A new domain database context of the host.</summary>
    public static PropertyDbContext Db(IServiceProvider services) =>
        services.GetRequiredService<IDbContextFactory<PropertyDbContext>>().CreateDbContext();

    /// <summary>The demo community and its first <paramref name="units"/> units (by number).</summary>
    public static async Task<(Community Community, List<Unit> Units)> DemoAsync(IServiceProvider services, int units)
    {
        await using var db = Db(services);
        var community = await db.Communities.SingleAsync(c => c.Code == Community);
        var list = await db.Units.Where(u => u.CommunityId == community.Id).OrderBy(u => u.Number).Take(units).ToListAsync();
        return (community, list);
    }

    /// <summary>A complaint on the demo community's first unit, optionally walked to closed with <paramref name="resolution"/>; returns its id.</summary>
    public static async Task<Guid> ComplaintAsync(IServiceProvider services, DateTimeOffset now, string category, Severity severity, string description,
        bool close = false, string resolution = "已处理 fixed")
    {
        var (community, units) = await DemoAsync(services, 1);
        await using var db = Db(services);
        var complaint = new Complaint(Guid.NewGuid(), community.Id, units[0].Id, units[0].OwnerId, category, description, severity, now);
        if (close)
        {
            complaint.StartCalming(now);
            complaint.StartResolving(now);
            complaint.Resolve(resolution, now);
            complaint.Close(ownerSatisfied: true, now);
        }

        db.Complaints.Add(complaint);
        await db.SaveChangesAsync();
        return complaint.Id;
    }

    /// <summary>
    /// One bill of <paramref name="period"/> for each of the first <paramref name="count"/> units, due on the 15th;
    /// the principal is <paramref name="amount"/>, or 100.25, 101.25, … when none is given.
    /// </summary>
    public static async Task<List<Bill>> BillsAsync(IServiceProvider services, string period, int count, decimal? amount = null, string breakdown = "物业服务费")
    {
        var (community, units) = await DemoAsync(services, count);
        await using var db = Db(services);
        var issued = Periods.FirstDay(period).ToDateTime(TimeOnly.MinValue);
        var bills = units.Select((u, i) => new Bill(Guid.NewGuid(), community, u, period, amount ?? 100m + i + 0.25m, breakdown, Periods.FirstDay(period).AddDays(14),
            15, FeeRule.DefaultLateFeeDailyRate, new DateTimeOffset(issued, TimeSpan.Zero))).ToList();
        db.Bills.AddRange(bills);
        await db.SaveChangesAsync();
        return bills;
    }

    /// <summary>
    /// An open two-question survey of the demo community sent to the first two owners (by e-mail); returns it and
    /// the two owners' link tokens in that order.
    /// </summary>
    public static async Task<(Survey Survey, string[] Tokens)> OpenSurveyAsync(IServiceProvider services, DateTimeOffset now,
        string title = "2026 年第四季度满意度调查", string? comment = null)
    {
        await using var db = Db(services);
        var community = await db.Communities.SingleAsync(c => c.Code == Community);
        var owners = await db.Owners.OrderBy(o => o.Email).Take(2).Select(o => o.Id).ToListAsync();
        var survey = new Survey(Guid.NewGuid(), community.Id, title, "2026-11",
            [("service", "服务态度", "Service attitude"), ("cleaning", "清洁卫生", "Cleaning")]);
        survey.Open(owners, now);
        if (comment is not null)
        {
            survey.Answer(survey.Invitations.Single(i => i.OwnerId == owners[1]), new Dictionary<string, int> { ["service"] = 4, ["cleaning"] = 3 }, comment, now);
        }

        db.Surveys.Add(survey);
        await db.SaveChangesAsync();
        return (survey, [.. owners.Select(o => survey.Invitations.Single(i => i.OwnerId == o).Token)]);
    }
}
