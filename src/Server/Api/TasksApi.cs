using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using PropertyFlow.Engine;
using PropertyFlow.Engine.Model;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Server.Accounts;

namespace PropertyFlow.Server.Api;

/// <summary>
/// <c>/api/tasks</c>: the tasklist. Staff see the tasks assigned to them, the tasks their roles (or they by name)
/// are candidates for, and tasks that name nobody; supervisors, managers and admins see all. A task a caller may
/// not see answers 404, exactly as a task that does not exist, so ids cannot be probed.
/// </summary>
public static class TasksApi
{
    /// <summary>The most tasks one query returns (500).</summary>
    public const int MaxTake = 500;

    public static RouteGroupBuilder MapTasksApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/tasks").WithTags("Tasks").RequireAuthorization(Policies.Staff);
        group.MapGet("/", QueryAsync).WithName("QueryTasks")
            .WithSummary("Open tasks, soonest due first. mine=true: assigned to me; groups=true: unassigned, for my roles; neither: both (staff) or all (supervisors and up).");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetTask").WithSummary("One task with its form fields.");
        group.MapGet("/{id:guid}/history", HistoryAsync).WithName("GetTaskHistory").WithSummary("The history of the task's instance (shown beside the form).");
        group.MapPost("/{id:guid}/claim", ClaimAsync).WithName("ClaimTask").WithSummary("Takes an unassigned task; the caller must be a candidate.");
        group.MapPost("/{id:guid}/unclaim", UnclaimAsync).WithName("UnclaimTask").WithSummary("Gives a claimed task back to its candidates.");
        group.MapPost("/{id:guid}/delegate", DelegateAsync).WithName("DelegateTask").WithSummary("Hands the task to another user; the caller becomes its owner.");
        group.MapPost("/{id:guid}/complete", CompleteAsync).WithName("CompleteTask")
            .WithSummary("Completes the task with form values (validated: 400 lists the fields at fault). A second completion is 409.");
        return api;
    }

    public sealed record TaskDto(
        Guid Id, string Name, string ElementId, Guid InstanceId, string DefinitionId, string ProcessKey, string? BusinessKey, TaskState State,
        string? Assignee, string? Owner, IReadOnlyList<string> CandidateUsers, IReadOnlyList<string> CandidateGroups, int Priority,
        DateTimeOffset CreatedAt, DateTimeOffset? DueAt, DateTimeOffset? FollowUpAt, bool Overdue, DateTimeOffset? EndedAt, string? CompletedBy)
    {
        public static TaskDto From(TaskRecord t, DateTimeOffset now) => new(
            t.Id, t.Name ?? t.ElementId, t.ElementId, t.InstanceId, t.DefinitionId, t.ProcessKey, t.BusinessKey, t.State, t.Assignee, t.Owner,
            Split(t.CandidateUsers), Split(t.CandidateGroups), t.Priority, t.CreatedAt, t.DueAt, t.FollowUpAt,
            t.State == TaskState.Open && t.DueAt < now, t.EndedAt, t.CompletedBy);
    }

    public sealed record FormFieldDto(
        string Id, string? Label, string Type, string? DefaultValue, bool Required, bool ReadOnly,
        IReadOnlyList<EnumValueDto> Values, IReadOnlyDictionary<string, string?> Validation)
    {
        public static FormFieldDto From(FormField f) => new(
            f.Id, f.Label, f.Type, f.DefaultValue, f.IsRequired, f.IsReadOnly,
            [.. f.EnumValues.Select(v => new EnumValueDto(v.Key, v.Value))],
            f.Validation.GroupBy(v => v.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal));
    }

    public sealed record EnumValueDto(string Id, string Name);

    public sealed record TaskDetailDto(TaskDto Task, IReadOnlyList<FormFieldDto> FormFields);

    public sealed record DelegateRequest(string UserId);

    public sealed record CompleteRequest(Dictionary<string, JsonElement>? Values = null);

    private static async Task<Ok<List<TaskDto>>> QueryAsync(
        ProcessEngine engine, ClaimsPrincipal user, bool? mine, bool? groups, string? assignee, string? candidateGroup, DateTimeOffset? dueBefore,
        string? processKey, string? businessKey, Guid? instanceId, int? skip, int? take, CancellationToken ct)
    {
        var filter = new VisibleTaskFilter(mine == true, groups == true, assignee, candidateGroup, dueBefore, processKey, businessKey, instanceId, skip, take);
        var now = engine.Time.GetUtcNow();
        return TypedResults.Ok((await QueryVisibleAsync(engine, user, filter, ct)).Select(t => TaskDto.From(t, now)).ToList());
    }

    /// <summary>What <see cref="QueryVisibleAsync"/> looks for; the query string of <c>GET /api/tasks</c>.</summary>
    /// <param name="Mine">Tasks assigned to the caller.</param>
    /// <param name="Groups">Unassigned tasks the caller (by name or role) is a candidate for.</param>
    /// <param name="Assignee">Only tasks assigned to this user.</param>
    /// <param name="CandidateGroup">Only tasks with this candidate group.</param>
    /// <param name="DueBefore">Only tasks due before this instant.</param>
    /// <param name="ProcessKey">Only tasks of this process.</param>
    /// <param name="BusinessKey">Only tasks of instances with this business key.</param>
    /// <param name="InstanceId">Only tasks of this instance.</param>
    /// <param name="Skip">Tasks to skip (default 0).</param>
    /// <param name="Take">Tasks to return (default 100, at most <see cref="MaxTake"/>).</param>
    public sealed record VisibleTaskFilter(
        bool Mine = false, bool Groups = false, string? Assignee = null, string? CandidateGroup = null, DateTimeOffset? DueBefore = null,
        string? ProcessKey = null, string? BusinessKey = null, Guid? InstanceId = null, int? Skip = null, int? Take = null);

    /// <summary>
    /// The open tasks <paramref name="user"/> may see that match <paramref name="filter"/>, soonest due first (then higher
    /// priority, then older). Neither mine nor groups: both (staff) or all (supervisors and up). Shared by the API and
    /// the console's tasklist so both apply the same visibility rules.
    /// </summary>
    public static async Task<IReadOnlyList<TaskRecord>> QueryVisibleAsync(ProcessEngine engine, ClaimsPrincipal user, VisibleTaskFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(filter);
        var (assignee, candidateGroup) = (filter.Assignee, filter.CandidateGroup);
        var me = user.UserName();
        var roles = user.RoleIds();
        var first = Math.Max(0, filter.Skip ?? 0);
        var count = Math.Clamp(filter.Take ?? 100, 1, MaxTake);
        TaskQuery Query(string? byAssignee, string? candidateUser, IReadOnlyCollection<string>? candidateGroups, int fetch) => new()
        {
            Assignee = byAssignee,
            CandidateUser = candidateUser,
            CandidateGroups = candidateGroups,
            DueBefore = filter.DueBefore,
            ProcessKey = filter.ProcessKey,
            BusinessKey = filter.BusinessKey,
            InstanceId = filter.InstanceId,
            Skip = 0,
            Take = fetch,
        };

        var queries = new List<TaskQuery>();
        var explicitFilter = assignee is not null || candidateGroup is not null;
        if (filter.Mine)
        {
            queries.Add(Query(me, null, null, first + count));
        }

        if (filter.Groups)
        {
            queries.Add(Query(null, me, roles, first + count));
        }

        if (queries.Count == 0)
        {
            if (explicitFilter || user.SeesAllTasks())
            {
                // Staff results are filtered by visibility below; read a wider window so a page is still full.
                var fetch = user.SeesAllTasks() ? first + count : Math.Min((first + count) * 4, 2000);
                queries.Add(Query(assignee, null, candidateGroup is null ? null : [candidateGroup], fetch));
            }
            else
            {
                queries.Add(Query(me, null, null, first + count));
                queries.Add(Query(null, me, roles, first + count));
            }
        }

        var found = new Dictionary<Guid, TaskRecord>();
        foreach (var query in queries)
        {
            foreach (var task in await engine.QueryTasksAsync(query, ct))
            {
                if ((assignee is null || task.Assignee == assignee)
                    && (candidateGroup is null || Split(task.CandidateGroups).Contains(candidateGroup, StringComparer.Ordinal))
                    && MaySee(user, task))
                {
                    found.TryAdd(task.Id, task);
                }
            }
        }

        return [.. found.Values
            .OrderBy(t => t.DueAt is null).ThenBy(t => t.DueAt).ThenByDescending(t => t.Priority).ThenBy(t => t.CreatedAt)
            .Skip(first).Take(count)];
    }

    private static async Task<Ok<TaskDetailDto>> GetAsync(Guid id, ProcessEngine engine, ClaimsPrincipal user, CancellationToken ct)
    {
        var task = await VisibleTaskAsync(engine, user, id, ct);
        var form = await engine.GetTaskFormAsync(id, ct);
        return TypedResults.Ok(new TaskDetailDto(TaskDto.From(task, engine.Time.GetUtcNow()), [.. form.Select(FormFieldDto.From)]));
    }

    private static async Task<Ok<List<InstancesApi.HistoryDto>>> HistoryAsync(Guid id, ProcessEngine engine, ClaimsPrincipal user, CancellationToken ct)
    {
        var task = await VisibleTaskAsync(engine, user, id, ct);
        return TypedResults.Ok((await engine.GetHistoryAsync(task.InstanceId, ct)).Select(InstancesApi.HistoryDto.From).ToList());
    }

    private static async Task<NoContent> ClaimAsync(Guid id, ProcessEngine engine, ClaimsPrincipal user, CancellationToken ct)
    {
        await VisibleTaskAsync(engine, user, id, ct);
        await engine.ClaimTaskAsync(id, user.Actor(), ct);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> UnclaimAsync(Guid id, ProcessEngine engine, ClaimsPrincipal user, CancellationToken ct)
    {
        await VisibleTaskAsync(engine, user, id, ct);
        await engine.UnclaimTaskAsync(id, user.Actor(), ct);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> DelegateAsync(Guid id, DelegateRequest request, ProcessEngine engine, AccountStore accounts, ClaimsPrincipal user, CancellationToken ct)
    {
        await VisibleTaskAsync(engine, user, id, ct);
        if (string.IsNullOrWhiteSpace(request.UserId) || await accounts.FindAsync(request.UserId, ct) is not { IsActive: true })
        {
            throw new ValidationException("Delegate to whom?", new Dictionary<string, string[]> { ["userId"] = ["no active account has this user name"] });
        }

        await engine.DelegateTaskAsync(id, user.Actor(), request.UserId, ct);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> CompleteAsync(Guid id, CompleteRequest? request, ProcessEngine engine, ClaimsPrincipal user, CancellationToken ct)
    {
        await VisibleTaskAsync(engine, user, id, ct);
        await engine.CompleteTaskAsync(id, user.Actor(), JsonVariables.ToEngine(request?.Values, "values"), ct);
        return TypedResults.NoContent();
    }

    /// <summary>The task, or <see cref="NotFoundException"/> when it does not exist or the caller may not see it.</summary>
    public static async Task<TaskRecord> VisibleTaskAsync(ProcessEngine engine, ClaimsPrincipal user, Guid id, CancellationToken ct)
    {
        var task = await engine.GetTaskAsync(id, ct);
        return MaySee(user, task) ? task : throw new NotFoundException($"There is no task {id}.");
    }

    /// <summary>Supervisors and up see every task; staff their own, their roles', their name's, and tasks naming nobody.</summary>
    public static bool MaySee(ClaimsPrincipal user, TaskRecord task)
    {
        if (user.SeesAllTasks())
        {
            return true;
        }

        var me = user.UserName();
        var users = Split(task.CandidateUsers);
        var groups = Split(task.CandidateGroups);
        return task.Assignee == me
            || task.Owner == me
            || (task.Assignee is null && users.Count == 0 && groups.Count == 0)
            || users.Contains(me, StringComparer.Ordinal)
            || user.RoleIds().Any(r => groups.Contains(r, StringComparer.Ordinal));
    }

    private static List<string> Split(string list) => [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
