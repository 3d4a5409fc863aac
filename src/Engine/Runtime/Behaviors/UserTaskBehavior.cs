using System.Globalization;
using PropertyFlow.Engine.Expressions;
using PropertyFlow.Engine.Model;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Timers;

namespace PropertyFlow.Engine.Runtime.Behaviors;

/// <summary>User and manual tasks: create the task row (assignee, candidates, dates, priority) and wait.</summary>
internal sealed class UserTaskBehavior : INodeBehavior
{
    /// <summary>Camunda's default task priority.</summary>
    public const int DefaultPriority = 50;

    public ValueTask ExecuteAsync(NodeExecution execution, CancellationToken cancellationToken)
    {
        var (executor, rt, token, node) = execution;
        var userTask = (UserTask)node;
        var task = new TaskRecord
        {
            Id = RowIds.New(executor.Now),
            InstanceId = rt.Id,
            TokenId = token.Id,
            DefinitionId = rt.Record.DefinitionId,
            ProcessKey = rt.Record.ProcessKey,
            ElementId = node.Id,
            Name = userTask.Name is { } name && ExpressionText.ContainsExpression(name) ? Text(executor.EvaluateText(rt, token, name)) : userTask.Name,
            BusinessKey = rt.Record.BusinessKey,
            State = TaskState.Open,
            CreatedAt = executor.Now,
            Assignee = Evaluate(execution, userTask.Assignee) is { Length: > 0 } a ? a : null,
            CandidateUsers = TaskLists.Join(EvaluateList(execution, userTask.CandidateUsers)),
            CandidateGroups = TaskLists.Join(EvaluateList(execution, userTask.CandidateGroups)),
            DueAt = Date(execution, userTask.DueDate),
            FollowUpAt = Date(execution, userTask.FollowUpDate),
            Priority = Priority(execution, userTask.Priority),
        };
        executor.Uow.Insert(task);
        token.TaskId = task.Id;
        execution.Wait();
        executor.Uow.History(rt.Id, HistoryKinds.TaskCreated, node.Id, node.Kind, token.Id, task.Id,
            System.Text.Json.JsonSerializer.Serialize(new { task.Assignee, task.CandidateUsers, task.CandidateGroups, task.DueAt, task.Priority }));
        return ValueTask.CompletedTask;
    }

    private static string? Evaluate(NodeExecution ex, string? text) =>
        text is null ? null : Text(ex.Executor.EvaluateText(ex.Runtime, ex.Token, text))?.Trim();

    private static IEnumerable<string> EvaluateList(NodeExecution ex, string? text)
    {
        if (text is null)
        {
            return [];
        }

        var value = ex.Executor.EvaluateText(ex.Runtime, ex.Token, text);
        return value switch
        {
            IEnumerable<object?> list => list.Select(Text).OfType<string>(),
            _ => (Text(value) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        };
    }

    private static string? Text(object? value) => value switch
    {
        null => null,
        string s => s,
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    /// <summary>A due or follow-up date: an ISO duration from now, an ISO instant, or an expression giving either.</summary>
    internal static DateTimeOffset? Date(NodeExecution ex, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var value = ex.Executor.EvaluateText(ex.Runtime, ex.Token, text);
        if (value is null)
        {
            return null;
        }

        var s = Text(value)!.Trim();
        if (IsoDuration.TryParse(s, out var duration))
        {
            var options = ex.Executor.Core.Options;
            var due = ex.Node is UserTask { WorkingTime: true }
                ? options.WorkingCalendar.AddWorkingTime(ex.Executor.Now, duration)
                : duration.AddTo(ex.Executor.Now, options.TimeZone);
            return due.ToUniversalTime();
        }

        if (DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            return at.ToUniversalTime();
        }

        throw new FormatException($"'{s}' is neither an ISO-8601 duration nor a date (element '{ex.Node.Id}').");
    }

    private static int Priority(NodeExecution ex, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return DefaultPriority;
        }

        var value = ex.Executor.EvaluateText(ex.Runtime, ex.Token, text);
        return Convert.ToInt32(value, CultureInfo.InvariantCulture);
    }
}

/// <summary>Candidate lists are stored as <c>,a,b,</c> so a LIKE '%,a,%' query finds a member.</summary>
internal static class TaskLists
{
    public static string Join(IEnumerable<string> items)
    {
        var list = items.Where(i => i.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        return list.Count == 0 ? "" : "," + string.Join(',', list) + ",";
    }

    public static IReadOnlyList<string> Split(string? stored) =>
        string.IsNullOrEmpty(stored) ? [] : stored.Split(',', StringSplitOptions.RemoveEmptyEntries);

    public static bool Contains(string? stored, string item) =>
        !string.IsNullOrEmpty(stored) && stored.Contains("," + item + ",", StringComparison.Ordinal);
}
