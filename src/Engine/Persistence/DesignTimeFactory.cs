using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace PropertyFlow.Engine.Persistence;

/// <summary>Lets <c>dotnet ef migrations add</c> build the context; never used at run time.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<EngineDbContext>
{
    public EngineDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<EngineDbContext>();
        builder.UseEngineSqlite("design-time.db");
        return new EngineDbContext(builder.Options);
    }
}
