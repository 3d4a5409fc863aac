using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PropertyFlow.Workflows.Data;
using PropertyFlow.Workflows.Domain;

namespace PropertyFlow.Workflows.Tests.Domain;

public class PersistenceTests
{
    [Fact]
    public async Task Save_WritesAuditRows_WithActorTimeAndBeforeAfter()
    {
        await using var domain = await TestDomain.CreateAsync();
        var community = await domain.SmallCommunityAsync(units: 1);
        Guid billId;
        await using (var db = domain.Db())
        {
            var unit = await db.Units.SingleAsync();
            var bill = new Bill(Guid.NewGuid(), community, unit, "2026-11", 200m, "物业服务费", new DateOnly(2026, 11, 15), 15, 0.0005m, domain.Clock.GetUtcNow());
            db.Bills.Add(bill);
            await db.SaveChangesAsync();
            billId = bill.Id;
        }

        domain.Clock.Advance(TimeSpan.FromHours(2));
        await using (var db = domain.Db())
        {
            db.Actor = "fin.sun";
            var bill = await db.Bills.SingleAsync();
            bill.ApplyPayment(200m, domain.Clock.GetUtcNow());
            await db.SaveChangesAsync();
            Assert.Equal(1, bill.Version);
        }

        await using (var db = domain.Db())
        {
            var rows = await db.Audit.Where(a => a.EntityId == billId).OrderBy(a => a.Id).ToListAsync();
            Assert.Equal(["created", "changed"], rows.Select(r => r.Action));
            Assert.Equal("system", rows[0].Actor);
            var change = rows[1];
            Assert.Equal("fin.sun", change.Actor);
            Assert.Equal("Bill", change.EntityType);
            Assert.Equal(TestDomain.Start.AddHours(2), change.At);
            using var json = JsonDocument.Parse(change.Changes);
            Assert.Equal("Open", json.RootElement.GetProperty("Status")[0].GetString());
            Assert.Equal("Paid", json.RootElement.GetProperty("Status")[1].GetString());
            Assert.Equal(200m, json.RootElement.GetProperty("PaidAmount")[1].GetDecimal());
            Assert.False(json.RootElement.TryGetProperty("Principal", out _)); // only what changed
        }
    }

    [Fact]
    public async Task ConcurrentWriters_TheStaleOneFails()
    {
        await using var domain = await TestDomain.CreateAsync();
        await domain.AddStaffAsync("mt.a", Roles.Maintenance, ["plumbing"]);
        await using var first = domain.Db();
        await using var second = domain.Db();
        var a = await first.Staff.SingleAsync();
        var b = await second.Staff.SingleAsync();

        a.EndShift();
        await first.SaveChangesAsync();
        b.SetSkills(["electrical"]);

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());
    }

    [Fact]
    public async Task UniqueUnitAndPeriod_IsEnforcedByTheDatabase()
    {
        await using var domain = await TestDomain.CreateAsync();
        var community = await domain.SmallCommunityAsync(units: 1);
        await using var db = domain.Db();
        var unit = await db.Units.SingleAsync();
        db.Bills.Add(new Bill(Guid.NewGuid(), community, unit, "2026-11", 1m, "", new DateOnly(2026, 11, 15), 0, 0m, domain.Clock.GetUtcNow()));
        await db.SaveChangesAsync();
        await using var other = domain.Db();
        other.Bills.Add(new Bill(Guid.NewGuid(), community, unit, "2026-11", 1m, "", new DateOnly(2026, 11, 15), 0, 0m, domain.Clock.GetUtcNow()));

        await Assert.ThrowsAsync<DbUpdateException>(() => other.SaveChangesAsync());
    }

    [Fact]
    public async Task DemoSeeder_SeedsOnce_WithTheSameIdsEveryTime()
    {
        await using var domain = await TestDomain.CreateAsync();
        await using (var db = domain.Db())
        {
            Assert.True(await DemoSeeder.SeedAsync(db));
        }

        await using (var db = domain.Db())
        {
            Assert.False(await DemoSeeder.SeedAsync(db));
            Assert.Equal(1, await db.Communities.CountAsync());
            Assert.Equal(240, await db.Units.CountAsync());
            Assert.Equal(240, await db.Owners.CountAsync());
            Assert.Equal(3, await db.FeeRules.CountAsync());
            Assert.Equal(3, await db.InspectionPlans.CountAsync());
            var staff = await db.Staff.ToListAsync();
            Assert.All(Roles.All, role => Assert.Contains(staff, s => s.Role == role));
            Assert.Contains(staff, s => !s.OnDuty);
            Assert.All(await db.Owners.Select(o => o.Email).ToListAsync(), e => Assert.EndsWith("@example.org", e, StringComparison.Ordinal));
            Assert.Equal(Entity.StableId("demo/sg/unit/3-1-102"), (await db.Units.SingleAsync(u => u.Number == "3-1-102")).Id);
            Assert.True(await db.Audit.AnyAsync(a => a.Actor == "seed"));
        }

        // Another machine seeding its own database gets the same rows and ids.
        await using var elsewhere = await TestDomain.CreateAsync();
        await elsewhere.SeedDemoAsync();
        await using var here = domain.Db();
        await using var there = elsewhere.Db();
        var mine = await here.Units.OrderBy(u => u.Number).Select(u => new { u.Id, u.Number, u.AreaM2, u.OwnerId }).ToListAsync();
        Assert.Equal(mine, await there.Units.OrderBy(u => u.Number).Select(u => new { u.Id, u.Number, u.AreaM2, u.OwnerId }).ToListAsync());
    }

    [Fact]
    public async Task ServerStartUp_TwiceOnOneFile_MigratesAndSeedsOnce()
    {
        var path = Path.Combine(Path.GetTempPath(), "pf-tests", $"startup-{Guid.NewGuid():N}.db");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            for (var start = 0; start < 2; start++)
            {
                var services = new ServiceCollection().AddLogging();
                services.AddPropertyFlowDomain(db => db.UsePropertySqlite(path), o => o.SeedDemoData = true);
                await using var provider = services.BuildServiceProvider();
                await provider.GetServices<IHostedService>().OfType<DomainStartup>().Single().StartAsync(CancellationToken.None);
                await using var db = await provider.GetRequiredService<IDbContextFactory<PropertyDbContext>>().CreateDbContextAsync();
                Assert.Equal(1, await db.Communities.CountAsync());
                Assert.Equal(240, await db.Units.CountAsync());
                Assert.Equal(1, await db.Audit.CountAsync(a => a.EntityType == nameof(Community)));
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
    }

    [Fact]
    public async Task RecipientDirectory_ResolvesOwnersRolesUsersAndAddresses()
    {
        await using var domain = await TestDomain.CreateAsync();
        await domain.SeedDemoAsync();
        var directory = domain.Services.GetRequiredService<PropertyFlow.Workflows.Notices.IRecipientDirectory>();
        var ownerId = Entity.StableId("demo/sg/owner/1-1-101");

        var owner = Assert.Single(await directory.ResolveAsync($"owner:{ownerId}"));
        Assert.EndsWith("@example.org", owner.Email, StringComparison.Ordinal);
        var maintenance = await directory.ResolveAsync("role:maintenance");
        Assert.Equal(["mt.chen@example.org", "mt.huang@example.org", "mt.liu@example.org", "mt.wang@example.org"], maintenance.Select(r => r.Email)); // on duty only
        Assert.Equal("王建国", Assert.Single(await directory.ResolveAsync("user:mt.wang")).Name);
        Assert.Equal(owner.Name, Assert.Single(await directory.ResolveAsync(owner.Email)).Name);
        Assert.Equal("someone@example.com", Assert.Single(await directory.ResolveAsync("someone@example.com")).Email);
        Assert.Empty(await directory.ResolveAsync($"owner:{Guid.NewGuid()}"));
        Assert.Empty(await directory.ResolveAsync("user:nobody"));
        await Assert.ThrowsAsync<ArgumentException>(() => directory.ResolveAsync("role:janitor"));
        await Assert.ThrowsAsync<ArgumentException>(() => directory.ResolveAsync("owner:42"));
        await Assert.ThrowsAsync<ArgumentException>(() => directory.ResolveAsync("not an address"));
    }
}
