using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Workflows.Data;
using PropertyFlow.Workflows.Notices.Outbox;

namespace PropertyFlow.Postgres;

// Let `dotnet dotnet-ef migrations add --project src/Postgres` build each context on Npgsql; never used at run
// time and never connected (adding a migration needs no database). See docs/operations.md for the commands.
internal static class DesignTime
{
    public const string ConnectionString = "Host=localhost;Database=propertyflow_design";
}

internal sealed class EngineDesignTimeFactory : IDesignTimeDbContextFactory<EngineDbContext>
{
    public EngineDbContext CreateDbContext(string[] args) =>
        new((DbContextOptions<EngineDbContext>)new DbContextOptionsBuilder<EngineDbContext>().UseEnginePostgres(DesignTime.ConnectionString).Options);
}

internal sealed class PropertyDesignTimeFactory : IDesignTimeDbContextFactory<PropertyDbContext>
{
    public PropertyDbContext CreateDbContext(string[] args) =>
        new((DbContextOptions<PropertyDbContext>)new DbContextOptionsBuilder<PropertyDbContext>().UsePropertyPostgres(DesignTime.ConnectionString).Options, TimeProvider.System);
}

internal sealed class NoticeDesignTimeFactory : IDesignTimeDbContextFactory<NoticeDbContext>
{
    public NoticeDbContext CreateDbContext(string[] args) =>
        new((DbContextOptions<NoticeDbContext>)new DbContextOptionsBuilder<NoticeDbContext>().UseNoticePostgres(DesignTime.ConnectionString).Options);
}
