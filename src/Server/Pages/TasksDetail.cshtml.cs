using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PropertyFlow.Engine;
using PropertyFlow.Engine.Model;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Server.Accounts;
using PropertyFlow.Server.Api;
using PropertyFlow.Server.WebConsole;

namespace PropertyFlow.Server.Pages;

/// <summary>
/// One task: its form (rendered from the task's form fields), complete, claim and unclaim, and the history of its
/// instance beside the form. A task the user may not see answers 404, as in the API. Values the engine refuses
/// come back with the engine's message under each field and every typed value kept.
/// </summary>
public sealed class TasksDetailModel(ProcessEngine engine, ConsoleText text) : PageModel
{
    /// <summary>Form inputs are named <c>field.{id}</c> so no field id can collide with the anti-forgery token.</summary>
    public const string FieldPrefix = "field.";

    public TaskRow Row { get; private set; } = null!;

    public IReadOnlyList<FormField> Fields { get; private set; } = [];

    public IReadOnlyList<HistoryRecord> History { get; private set; } = [];

    /// <summary>Element names of the task's process, for the history (id when an element has no name).</summary>
    public IReadOnlyDictionary<string, string> ElementNames { get; private set; } = new Dictionary<string, string>();

    /// <summary>What the user typed, by field id (after a refused completion); null: show the defaults.</summary>
    public IReadOnlyDictionary<string, string?>? Submitted { get; private set; }

    /// <summary>The engine's messages by field id.</summary>
    public IReadOnlyDictionary<string, string[]> FieldErrors { get; private set; } = new Dictionary<string, string[]>();

    /// <summary>A message for the whole page (refused completion, task completed meanwhile…).</summary>
    public string? Message { get; private set; }

    public bool IsError { get; private set; }

    /// <summary>The task does not exist or the user may not see it: the page says so with a 404, as the API does.</summary>
    public bool Missing { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return Missing404();
        }

        Message = TempData[TasksModel.MessageKey] as string;
        return Page();
    }

    public async Task<IActionResult> OnPostCompleteAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return Missing404();
        }

        var submitted = new Dictionary<string, string?>(StringComparer.Ordinal);
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var field in Fields.Where(f => !f.IsReadOnly))
        {
            var raw = Request.Form.TryGetValue(FieldPrefix + field.Id, out var posted) ? posted.ToString() : null;
            if (string.Equals(field.Type, "boolean", StringComparison.OrdinalIgnoreCase))
            {
                raw = raw is "true" ? "true" : "false"; // an unchecked box is not posted at all
            }

            submitted[field.Id] = raw;
            if (!string.IsNullOrWhiteSpace(raw))
            {
                values[field.Id] = raw.Trim(); // the engine converts text to the field's type and says what does not fit
            }
        }

        try
        {
            await engine.CompleteTaskAsync(id, User.Actor(), values, ct);
            TempData[TasksModel.MessageKey] = text["tasks.completed"];
            return LocalRedirect($"~/tasks/{id}");
        }
        catch (ValidationException e)
        {
            Submitted = submitted;
            FieldErrors = e.Errors;
            Message = text["tasks.invalid"];
            IsError = true;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        catch (Exception e) when (e is InvalidStateException or ConcurrencyConflictException or ForbiddenException)
        {
            // A second or concurrent completion (or a task someone else claimed): reload and say what happened.
            await LoadAsync(id, ct);
            Submitted = Row.Task.State == TaskState.Open ? submitted : null;
            Message = (e is ForbiddenException ? text["tasks.notYours"] : text["tasks.alreadyDone"]) + " " + e.Message;
            IsError = true;
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
    }

    private PageResult Missing404()
    {
        Missing = true;
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }

    /// <summary>The value an input shows: what was typed, else the field's literal default (expressions are left to the engine).</summary>
    public string? ValueOf(FormField field) =>
        Submitted is { } typed ? typed.GetValueOrDefault(field.Id)
        : field.DefaultValue is { } d && !d.Contains("${", StringComparison.Ordinal) ? d : null;

    /// <summary>The history entry's element, by name.</summary>
    public string ElementName(string? elementId) =>
        elementId is null ? "" : ElementNames.TryGetValue(elementId, out var name) ? name : elementId;

    /// <summary>A history kind in the current language (the kind itself when the console has no text for it).</summary>
    public string KindName(string kind) => ConsoleText.TryGet("history." + kind, ConsoleText.IsEnglish, out var label) ? label : kind;

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        TaskRecord task;
        try
        {
            task = await TasksApi.VisibleTaskAsync(engine, User, id, ct);
        }
        catch (NotFoundException)
        {
            return false;
        }

        Row = await TaskBoard.RowAsync(engine, task, ct);
        Fields = await engine.GetTaskFormAsync(id, ct);
        History = await engine.GetHistoryAsync(task.InstanceId, ct);
        var model = await engine.GetModelAsync(task.DefinitionId, ct);
        ElementNames = model.AllNodes
            .Where(n => !string.IsNullOrWhiteSpace(n.Name))
            .GroupBy(n => n.Id, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Name!, StringComparer.Ordinal);
        return true;
    }
}
