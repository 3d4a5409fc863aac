using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PropertyFlow.Engine;
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
/// (the same code); every action is the page's script calling the REST API, so the role matrix and the
/// problem-details messages are the API's own.
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
        try
        {
            Instance = await engine.GetInstanceAsync(id, ct);
        }
        catch (NotFoundException)
        {
            Missing = true;
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
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
        return Page();
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
