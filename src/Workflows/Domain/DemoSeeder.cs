using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PropertyFlow.Workflows.Data;

namespace PropertyFlow.Workflows.Domain;

/// <summary>
/// Demo data for a first start: 阳光花园 Sunshine Gardens with 6 buildings and 240 units, an owner per unit
/// (example.org addresses), staff in every role with skills, fee rules and inspection plans. The same rows and ids
/// every time; a database that already has the community gets nothing.
/// </summary>
public static class DemoSeeder
{
    /// <summary>The demo community's code.</summary>
    public const string CommunityCode = "SG";

    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "高", "罗"];
    private static readonly string[] GivenNames = ["伟", "芳", "娜", "敏", "静", "磊", "洋", "艳", "勇", "军", "杰", "婷"];
    private static readonly decimal[] Areas = [68.50m, 89.20m, 96.75m, 112.40m, 128.00m, 143.60m];

    /// <summary>Seeds when the demo community is missing; returns whether it did.</summary>
    public static async Task<bool> SeedAsync(PropertyDbContext db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (await db.Communities.AnyAsync(c => c.Code == CommunityCode, ct))
        {
            return false;
        }

        db.Actor = "seed";
        var community = new Community(Id("community"), CommunityCode, "阳光花园", "Sunshine Gardens");
        db.Communities.Add(community);
        var index = 0;
        for (var b = 1; b <= 6; b++)
        {
            var building = new Building(Id($"building/{b}"), community.Id, $"{b}号楼 Building {b}");
            db.Buildings.Add(building);
            for (var entrance = 1; entrance <= 2; entrance++)
            {
                for (var floor = 1; floor <= 10; floor++)
                {
                    for (var room = 1; room <= 2; room++)
                    {
                        index++;
                        var number = string.Create(CultureInfo.InvariantCulture, $"{b}-{entrance}-{floor}{room:00}");
                        var name = Surnames[index % Surnames.Length] + GivenNames[index / Surnames.Length % GivenNames.Length];
                        var owner = new Owner(Id($"owner/{number}"), name,
                            string.Create(CultureInfo.InvariantCulture, $"owner{index:000}@example.org"),
                            string.Create(CultureInfo.InvariantCulture, $"1380000{index:0000}"),
                            index % 10 == 0 ? "en" : "zh");
                        db.Owners.Add(owner);
                        var area = Areas[(b + (entrance * 2) + room) % Areas.Length];
                        db.Units.Add(new Unit(Id($"unit/{number}"), community.Id, building.Id, number, area, owner.Id));
                    }
                }
            }
        }

        foreach (var (user, name, role, skills, onDuty) in StaffList)
        {
            db.Staff.Add(new Staff(Id($"staff/{user}"), user, name, role, $"{user}@example.org",
                string.Create(CultureInfo.InvariantCulture, $"1390000{db.Staff.Local.Count + 1:0000}"), skills, onDuty));
        }

        db.FeeRules.AddRange(
            new FeeRule(Id("fee/service"), community.Id, "物业服务费", "Property service fee", FeeBasis.PerSquareMeter, 2.50m),
            new FeeRule(Id("fee/energy"), community.Id, "公共能耗分摊", "Shared energy", FeeBasis.PerSquareMeter, 0.30m),
            new FeeRule(Id("fee/waste"), community.Id, "垃圾清运费", "Waste collection", FeeBasis.PerUnit, 10.00m));

        var monday = new DateOnly(2026, 1, 5);
        db.InspectionPlans.AddRange(
            new InspectionPlan(Id("plan/public"), community.Id, "公共区域巡查 Common areas", "inspection", "大门\n地下车库\n绿化带\n垃圾站", 1, monday),
            new InspectionPlan(Id("plan/fire"), community.Id, "消防设施巡检 Fire safety", "fire-safety", "消防栓\n灭火器\n疏散通道\n消防控制室", 7, monday),
            new InspectionPlan(Id("plan/elevator"), community.Id, "电梯巡检 Elevators", "elevator", "1-6号楼电梯机房\n轿厢应急电话", 14, monday));

        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>Staff in every role; two maintenance workers off duty so dispatch has someone to skip.</summary>
    internal static IReadOnlyList<(string User, string Name, string Role, string[] Skills, bool OnDuty)> StaffList { get; } =
    [
        ("cs.li", "李晓雯", Roles.CustomerService, ["complaints", "reception"], true),
        ("cs.zhang", "张佳琪", Roles.CustomerService, ["complaints", "follow-up"], true),
        ("cs.wang", "王梦瑶", Roles.CustomerService, ["complaints"], false),
        ("mt.wang", "王建国", Roles.Maintenance, ["electrical", "inspection", "plumbing"], true),
        ("mt.liu", "刘志强", Roles.Maintenance, ["inspection", "plumbing"], true),
        ("mt.chen", "陈海涛", Roles.Maintenance, ["electrical", "elevator"], true),
        ("mt.zhao", "赵国庆", Roles.Maintenance, ["fire-safety", "plumbing"], false),
        ("mt.huang", "黄德明", Roles.Maintenance, ["elevator", "fire-safety", "inspection"], true),
        ("fin.sun", "孙丽华", Roles.Finance, ["billing", "invoicing"], true),
        ("fin.zhou", "周文静", Roles.Finance, ["payments"], true),
        ("sup.wu", "吴振华", Roles.Supervisor, ["fire-safety", "inspection"], true),
        ("mgr.zheng", "郑永康", Roles.Manager, [], true),
        ("admin", "系统管理员", Roles.Admin, [], true),
    ];

    private static Guid Id(string key) => Entity.StableId("demo/sg/" + key);
}
