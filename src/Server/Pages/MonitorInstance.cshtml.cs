using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
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
/// One instance in the monitor (<c>/monitor/instances/{id}</c>, supervisors and up): the diagram of its version with
/// the path taken and where it waits marked, its variables, history, pending timers and jobs, incidents with retry,
/// cancel and migrate to the newest version. The page reads what the API's <c>GET /api/instances/{id}/…</c> answers
/// (the same code); retry and cancel are the page's script calling the REST API, so the role matrix and the
/// problem-details messages are the API's own. Migrate is a form posted to this page (anti-forgery token) with an
/// activity mapping for the waiting elements that have no counterpart of the same id in the newest version.
/// </summary>
[Authorize(Policy = Policies.Oversight)]
public sealed class MonitorInstanceModel(ProcessEngine engine, IAuthorizationService authorization) : PageModel
{
    /// <summary>Variable values longer than this (200 characters) are cut in the table; the full text opens below them.</summary>
    public const int ShortValueLength = 200;

    private static readonly JsonSerializerOptions ValueJson = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // shown as text (Razor encodes it), not put into script
        WriteIndented = false,
    };

    // The default encoder escapes <, > and & (as \u003C…), so the JSON is safe inside a script element.
    private static readonly JsonSerializerOptions ScriptJson = new(JsonSerializerDefaults.Web);

    public InstanceSnapshot Instance { get; private set; } = null!;

    public DefinitionRecord Definition { get; private set; } = null!;

    /// <summary>The newest deployed version of the instance's process.</summary>
    public DefinitionRecord Newest { get; private set; } = null!;

    public InstanceInsight.PathDto Path { get; private set; } = null!;

    public IReadOnlyList<VariableRow> Variables { get; private set; } = [];

    public IReadOnlyList<HistoryRecord> History { get; private set; } = [];

    public IReadOnlyList<InstanceInsight.TimerDto> Timers { get; private set; } = [];

    public IReadOnlyList<InstanceInsight.JobDto> Jobs { get; private set; } = [];

    /// <summary>Open incidents, then resolved ones (newest first).</summary>
    public IReadOnlyList<IncidentRecord> Incidents { get; private set; } = [];

    /// <summary>Element names of the instance's version (id when an element has no name).</summary>
    public IReadOnlyDictionary<string, string> ElementNames { get; private set; } = new Dictionary<string, string>();

    /// <summary>True for managers and admins (the API's <c>migrate</c> policy).</summary>
    public bool MayMigrate { get; private set; }

    public bool Missing { get; private set; }

    /// <summary>The waiting elements the newest version has no element of the same id and kind for: each needs a mapping.</summary>
    public IReadOnlyList<MappingChoice> Unmapped { get; private set; } = [];

    /// <summary>Why the last migration was refused (the engine's message), or null.</summary>
    public string? MigrateError { get; private set; }

    /// <summary>One waiting element without a counterpart, and the newest version's elements of the same kind it may move to.</summary>
    /// <param name="ElementId">The waiting element's id in the instance's version.</param>
    /// <param name="Label">Its name and id, for the label.</param>
    /// <param name="Kind">The engine's element kind (userTask, serviceTask, …): a mapping must keep it.</param>
    /// <param name="Targets">The newest version's elements of that kind: id and label.</param>
    public sealed record MappingChoice(string ElementId, string Label, string Kind, IReadOnlyList<KeyValuePair<string, string>> Targets);

    public bool IsActive => Instance.Status == InstanceStatus.Active;

    /// <summary>A variable as the table shows it.</summary>
    /// <param name="Name">The variable's name.</param>
    /// <param name="Type">The engine's type name (string, long, double, boolean, list, object, null).</param>
    /// <param name="Value">The value as text (JSON for lists and objects).</param>
    public sealed record VariableRow(string Name, string Type, string Value)
    {
        public bool IsLong => Value.Length > ShortValueLength;

        public string Short => IsLong ? Value[..ShortValueLength] + "…" : Value;
    }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        return Page();
    }

    /// <summary>
    /// Migrates the instance to <paramref name="target"/> (the newest version when the page was drawn). The mapping's
    /// empty choices are left out, so an element nobody mapped reaches the engine unmapped and its refusal names it.
    /// Success redirects to the page (a reload does not post again); a refusal shows the engine's message (422).
    /// </summary>
    /// <param name="id">The instance.</param>
    /// <param name="target">The target definition id (<c>key:version</c>).</param>
    /// <param name="map">Waiting element id → element id in the target version, from the page's selects.</param>
    /// <param name="ct">Cancels the request.</param>
    public async Task<IActionResult> OnPostMigrateAsync(Guid id, string? target, Dictionary<string, string?>? map, CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.Designers)).Succeeded)
        {
            return Forbid();
        }

        var mapping = (map ?? []).Where(m => !string.IsNullOrWhiteSpace(m.Value))
            .ToDictionary(m => m.Key, m => m.Value!.Trim(), StringComparer.Ordinal);
        try
        {
            if (string.IsNullOrWhiteSpace(target))
            {
                throw new InvalidStateException("No target version was posted.");
            }

            await engine.MigrateInstanceAsync(id, target, mapping.Count > 0 ? mapping : null, User.UserName(), ct);
            return RedirectToPage(new { id });
        }
        catch (ProcessEngineException e)
        {
            MigrateError = e.Message;
        }

        await LoadAsync(id, ct);
        if (!Missing)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }

        return Page();
    }

    private async Task LoadAsync(Guid id, CancellationToken ct)
    {
        try
        {
            Instance = await engine.GetInstanceAsync(id, ct);
        }
        catch (NotFoundException)
        {
            Missing = true;
            Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var versions = await engine.QueryDefinitionsAsync(Instance.ProcessKey, ct);
        Definition = versions.Single(d => d.Id == Instance.DefinitionId);
        Newest = versions.MaxBy(d => d.Version)!;
        Path = await InstanceInsight.PathAsync(engine, id, ct);
        Timers = await InstanceInsight.TimersAsync(engine, id, ct);
        Jobs = await InstanceInsight.JobsAsync(engine, id, ct);
        History = await engine.GetHistoryAsync(id, ct);
        var incidents = await engine.QueryIncidentsAsync(id, openOnly: false, ct);
        Incidents = [.. incidents.Where(i => i.ResolvedAt is null).Concat(incidents.Where(i => i.ResolvedAt is not null).OrderByDescending(i => i.ResolvedAt))];
        Variables = [.. Instance.Variables.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => new VariableRow(v.Key, InstanceInsight.TypeOf(v.Value), Display(v.Value)))];
        var model = await engine.GetModelAsync(Instance.DefinitionId, ct);
        ElementNames = model.AllNodes
            .Where(n => !string.IsNullOrWhiteSpace(n.Name))
            .GroupBy(n => n.Id, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Name!, StringComparer.Ordinal);
        MayMigrate = (await authorization.AuthorizeAsync(User, Policies.Designers)).Succeeded;
        if (MayMigrate && IsActive && Newest.Version > Instance.Version)
        {
            Unmapped = Choices(model, await engine.GetModelAsync(Newest.Id, ct));
        }
    }

    /// <summary>
    /// The waiting elements (where tokens stand, and the sub-processes around them, as the engine checks) that the
    /// target has no element of the same id and kind for, each with the target's elements of its kind.
    /// </summary>
    private List<MappingChoice> Choices(ProcessModel from, ProcessModel to)
    {
        var waiting = new List<FlowNode>();
        foreach (var active in Instance.ActiveElements)
        {
            if (!from.TryGetNode(active.ElementId, out var node))
            {
                continue;
            }

            for (FlowElement? at = node; at is FlowNode n; at = at.Scope.Owner)
            {
                if (!waiting.Contains(n))
                {
                    waiting.Add(n);
                }
            }
        }

        return [.. waiting
            .Where(n => !to.TryGetNode(n.Id, out var same) || same.Kind != n.Kind)
            .Select(n => new MappingChoice(n.Id, ElementName(n.Id), n.Kind, [.. to.AllNodes
                .Where(t => t.Kind == n.Kind)
                .OrderBy(t => t.Id, StringComparer.Ordinal)
                .Select(t => new KeyValuePair<string, string>(t.Id, string.IsNullOrWhiteSpace(t.Name) ? t.Id : $"{t.Name} ({t.Id})"))]))];
    }

    /// <summary>The element's name and id (<c>Fix 维修 (fix)</c>), or the id alone.</summary>
    public string ElementName(string? elementId) =>
        elementId is null ? "" : ElementNames.TryGetValue(elementId, out var name) ? $"{name} ({elementId})" : elementId;

    /// <summary>A history kind in the current language (the kind itself when the console has no text for it).</summary>
    public static string KindName(string kind) => ConsoleText.TryGet("history." + kind, ConsoleText.IsEnglish, out var label) ? label : kind;

    /// <summary>A history line's JSON data with its text readable (Chinese as written, not <c>\uXXXX</c>); the page HTML-encodes it.</summary>
    public static string DataText(string? data)
    {
        if (data is null)
        {
            return "";
        }

        try
        {
            using var document = JsonDocument.Parse(data);
            return JsonSerializer.Serialize(document.RootElement, ValueJson);
        }
        catch (JsonException)
        {
            return data;
        }
    }

    public string When(DateTimeOffset at) => TaskBoard.Format(engine, at);

    /// <summary>The diagram, the path and the texts for the page script (JSON inside a script element; every '&lt;' escaped).</summary>
    public string ScriptConfig() => JsonSerializer.Serialize(new
    {
        instanceId = Instance.Id,
        apiBase = Url.Content("~/api"),
        xml = Definition.Xml,
        path = Path,
        newestDefinitionId = Newest.Id,
        texts = new
        {
            confirmCancel = Label("monitor.instance.confirmCancel"),
            confirmMigrate = Label("monitor.instance.confirmMigrate"),
            failed = Label("monitor.instance.failed"),
        },
    }, ScriptJson);

    private static string Label(string key) => ConsoleText.Get(key, ConsoleText.IsEnglish);

    private static string Display(object? value) => value switch
    {
        null => "null",
        string s => s,
        bool b => b ? "true" : "false",
        long l => l.ToString(System.Globalization.CultureInfo.InvariantCulture),
        double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        _ => JsonSerializer.Serialize(value, ValueJson),
    };
}
