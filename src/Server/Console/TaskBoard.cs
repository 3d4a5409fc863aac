using System.Globalization;
using System.Security.Claims;
using PropertyFlow.Engine;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Server.Accounts;
using PropertyFlow.Server.Api;

namespace PropertyFlow.Server.WebConsole;

/// <summary>One row of the console's tasklist.</summary>
/// <param name="Task">The engine's task.</param>
/// <param name="OverdueBy">How long past its due time an open task is; null when it is not overdue.</param>
/// <param name="EscalationLevel">The instance's <c>escalationLevel</c> variable, when the process records one.</param>
public sealed record TaskRow(TaskRecord Task, TimeSpan? OverdueBy, string? EscalationLevel);

/// <summary>The tasklist's sections: mine, my groups' (unassigned, for my roles) and, for supervisors and up, all.</summary>
/// <param name="Mine">Assigned to the signed-in user.</param>
/// <param name="Groups">Unassigned, the user (by name or role) is a candidate.</param>
/// <param name="All">Every open task; null for staff who may not see all.</param>
public sealed record TaskLists(IReadOnlyList<TaskRow> Mine, IReadOnlyList<TaskRow> Groups, IReadOnlyList<TaskRow>? All);

/// <summary>
/// What the tasklist pages show, read through the same visibility rules as the REST API's tasks resource
/// (<see cref="TasksApi.QueryVisibleAsync"/>, <see cref="TasksApi.VisibleTaskAsync"/>), and the small formatting
/// rules (times in the engine's time zone, overdue spans) both pages share.
/// </summary>
public static class TaskBoard
{
    /// <summary>The instance variable that escalation steps write (staff 0 → supervisor 1 → manager 2…), shown when present.</summary>
    public const string EscalationVariable = "escalationLevel";

    public static async Task<TaskLists> LoadAsync(ProcessEngine engine, ClaimsPrincipal user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var mine = await TasksApi.QueryVisibleAsync(engine, user, new TasksApi.VisibleTaskFilter(Mine: true), ct);
        var groups = await TasksApi.QueryVisibleAsync(engine, user, new TasksApi.VisibleTaskFilter(Groups: true), ct);
        var all = user.SeesAllTasks() ? await TasksApi.QueryVisibleAsync(engine, user, new TasksApi.VisibleTaskFilter(), ct) : null;

        var levels = new Dictionary<Guid, string?>();
        async Task<IReadOnlyList<TaskRow>> RowsAsync(IReadOnlyList<TaskRecord> tasks)
        {
            var rows = new List<TaskRow>(tasks.Count);
            foreach (var task in tasks)
            {
                rows.Add(await RowAsync(engine, task, levels, ct));
            }

            return rows;
        }

        return new TaskLists(await RowsAsync(mine), await RowsAsync(groups), all is null ? null : await RowsAsync(all));
    }

    /// <summary>One task as a row (overdue span, escalation level).</summary>
    public static Task<TaskRow> RowAsync(ProcessEngine engine, TaskRecord task, CancellationToken ct) =>
        RowAsync(engine, task, [], ct);

    private static async Task<TaskRow> RowAsync(ProcessEngine engine, TaskRecord task, Dictionary<Guid, string?> levels, CancellationToken ct)
    {
        var now = engine.Time.GetUtcNow();
        TimeSpan? overdue = task.State == TaskState.Open && task.DueAt is { } due && due < now ? now - due : null;
        if (!levels.TryGetValue(task.InstanceId, out var level))
        {
            try
            {
                var instance = await engine.GetInstanceAsync(task.InstanceId, ct);
                level = instance.Variables.TryGetValue(EscalationVariable, out var value) && value is not null
                    ? Convert.ToString(value, CultureInfo.InvariantCulture)
                    : null;
            }
            catch (NotFoundException)
            {
                level = null; // the instance went away between the two reads: show the task without a level
            }

            levels[task.InstanceId] = level;
        }

        return new TaskRow(task, overdue, level);
    }

    /// <summary>An instant as <c>yyyy-MM-dd HH:mm</c> in the engine's time zone (Asia/Shanghai by default).</summary>
    public static string Format(ProcessEngine engine, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(engine);
        return TimeZoneInfo.ConvertTime(at, engine.Options.TimeZone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
    }

    /// <summary>A span as days, hours and minutes in the current language (<c>2天3小时</c>, <c>2d 3h</c>).</summary>
    public static string FormatSpan(TimeSpan span)
    {
        var english = ConsoleText.IsEnglish;
        var parts = new List<string>();
        if (span.Days > 0)
        {
            parts.Add(english ? $"{span.Days}d" : $"{span.Days}天");
        }

        if (span.Hours > 0)
        {
            parts.Add(english ? $"{span.Hours}h" : $"{span.Hours}小时");
        }

        if (span.Days == 0 && (span.Minutes > 0 || parts.Count == 0))
        {
            parts.Add(english ? $"{Math.Max(1, span.Minutes)}min" : $"{Math.Max(1, span.Minutes)}分钟");
        }

        return string.Join(english ? " " : "", parts);
    }

    /// <summary>The candidate list as stored (<c>,a,b,</c>) for display: <c>a, b</c>.</summary>
    public static string List(string stored) =>
        string.Join(", ", stored.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
