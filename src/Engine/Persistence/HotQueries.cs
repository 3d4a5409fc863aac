using Microsoft.EntityFrameworkCore;

namespace PropertyFlow.Engine.Persistence;

/// <summary>
/// The reads every trigger makes, compiled once: EF Core otherwise hashes and looks up the LINQ tree on each
/// call, which is a noticeable share of a trigger that does little else.
/// </summary>
internal static class HotQueries
{
    public static readonly Func<EngineDbContext, Guid, CancellationToken, Task<InstanceRecord?>> Instance =
        EF.CompileAsyncQuery((EngineDbContext db, Guid id, CancellationToken ct) => db.Instances.FirstOrDefault(i => i.Id == id));

    public static readonly Func<EngineDbContext, Guid, CancellationToken, Task<TaskRecord?>> Task =
        EF.CompileAsyncQuery((EngineDbContext db, Guid id, CancellationToken ct) => db.Tasks.FirstOrDefault(t => t.Id == id));

    public static readonly Func<EngineDbContext, string, CancellationToken, Task<string?>> LatestDefinitionId =
        EF.CompileAsyncQuery((EngineDbContext db, string key, CancellationToken ct) =>
            db.Definitions.Where(d => d.Key == key).OrderByDescending(d => d.Version).Select(d => d.Id).FirstOrDefault());

    /// <summary>An instance's tasks in one state, in tasklist order: what a form beside an instance asks for.</summary>
    public static readonly Func<EngineDbContext, Guid, TaskState, int, int, IAsyncEnumerable<TaskRecord>> TasksOfInstance =
        EF.CompileAsyncQuery((EngineDbContext db, Guid instanceId, TaskState state, int skip, int take) =>
            db.Tasks.AsNoTracking().Where(t => t.State == state && t.InstanceId == instanceId)
                .OrderBy(t => t.DueAt == null).ThenBy(t => t.DueAt).ThenByDescending(t => t.Priority).ThenBy(t => t.CreatedAt)
                .Skip(skip).Take(take));
}
