using System.Globalization;
using PropertyFlow.Workflows.Data;
using PropertyFlow.Workflows.Domain;

namespace PropertyFlow.Workflows.Simulation;

/// <summary>
/// A synthetic community of any size for simulations and benchmarks: buildings of up to 100 units (entrances of 20, floors
/// of two), an owner per unit at <c>owner{n}@example.org</c>, staff in every role in proportion to the size (maintenance
/// with every repair and inspection skill), the demo's fee rules and inspection plans. Ids are stable (derived from the code
/// and the unit's place), so two seedings with the same numbers are the same rows.
/// </summary>
public static class CommunitySeeder
{
    private static readonly decimal[] Areas = [68.50m, 89.20m, 96.75m, 112.40m, 128.00m, 143.60m];
    private static readonly string[] MaintenanceSkills = ["plumbing", "electrical", "elevator", "fire-safety", "inspection"];

    /// <summary>Adds the community <paramref name="code"/> with <paramref name="units"/> units and saves. Returns its unit numbers in order.</summary>
    /// <exception cref="DomainException">The community exists already.</exception>
    public static async Task<IReadOnlyList<string>> SeedAsync(PropertyDbContext db, string code, int units, DateOnly plansStartOn, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentOutOfRangeException.ThrowIfLessThan(units, 1);
        if (db.Communities.Any(c => c.Code == code))
        {
            throw new DomainException($"Community {code} exists already.");
        }

        db.Actor = "simulation";
        Guid Id(string key) => Entity.StableId($"simulation/{code}/{key}");
        var community = new Community(Id("community"), code, "模拟小区", "Simulated Court");
        db.Communities.Add(community);
        var numbers = new List<string>(units);
        Building? building = null;
        for (var i = 0; i < units; i++)
        {
            var b = (i / 100) + 1;
            if (i % 100 == 0)
            {
                building = new Building(Id(Invariant($"building/{b}")), community.Id, Invariant($"{b}号楼 Building {b}"));
                db.Buildings.Add(building);
            }

            var inBuilding = i % 100;
            var number = Invariant($"{b}-{(inBuilding / 20) + 1}-{((inBuilding % 20) / 2) + 1}{(inBuilding % 2) + 1:00}");
            var owner = new Owner(Id($"owner/{number}"), Invariant($"业主{i + 1}"), Invariant($"owner{i + 1}@example.org"),
                Invariant($"138{i + 1:00000000}"), i % 10 == 0 ? "en" : "zh");
            db.Owners.Add(owner);
            db.Units.Add(new Unit(Id($"unit/{number}"), community.Id, building!.Id, number, Areas[i % Areas.Length], owner.Id));
            numbers.Add(number);
        }

        var staff = new List<(string Role, int Count, string[] Skills)>
        {
            (Roles.CustomerService, Math.Max(2, units / 250), ["complaints", "follow-up"]),
            (Roles.Maintenance, Math.Max(3, units / 150), MaintenanceSkills),
            (Roles.Finance, Math.Max(1, units / 1000), ["billing", "payments"]),
            (Roles.Supervisor, Math.Max(1, units / 1000), ["inspection", "fire-safety"]),
            (Roles.Manager, 1, []),
        };
        var phone = 0;
        foreach (var (role, count, skills) in staff)
        {
            for (var n = 1; n <= count; n++)
            {
                var user = Invariant($"{role}.{n}");
                db.Staff.Add(new Staff(Id($"staff/{user}"), user, Invariant($"{role} {n}"), role, Invariant($"{user}@example.org"),
                    Invariant($"139{++phone:00000000}"), skills, onDuty: true));
            }
        }

        db.FeeRules.AddRange(
            new FeeRule(Id("fee/service"), community.Id, "物业服务费", "Property service fee", FeeBasis.PerSquareMeter, 2.50m),
            new FeeRule(Id("fee/energy"), community.Id, "公共能耗分摊", "Shared energy", FeeBasis.PerSquareMeter, 0.30m),
            new FeeRule(Id("fee/waste"), community.Id, "垃圾清运费", "Waste collection", FeeBasis.PerUnit, 10.00m));
        db.InspectionPlans.AddRange(
            new InspectionPlan(Id("plan/public"), community.Id, "公共区域巡查 Common areas", "inspection", "大门\n地下车库\n绿化带\n垃圾站", 1, plansStartOn),
            new InspectionPlan(Id("plan/fire"), community.Id, "消防设施巡检 Fire safety", "fire-safety", "消防栓\n灭火器\n疏散通道\n消防控制室", 7, plansStartOn));
        await db.SaveChangesAsync(ct);
        return numbers;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
