using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PropertyFlow.Engine;
using PropertyFlow.Engine.Parsing;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Server.WebConsole;

namespace PropertyFlow.Server.Pages;

/// <summary>
/// The BPMN designer: opens a deployed version (<c>/designer/complaint:3</c>, or the newest by key,
/// <c>/designer/complaint</c>) or a new process (<c>/designer</c>) in the bpmn-js modeler (src/Designer),
/// checks drafts with the engine's parser, deploys, and lists a process's versions.
/// </summary>
// Only managers and admins design and deploy (the Designers policy, set in ConsoleSetup).
public sealed class DesignerModel(ProcessEngine engine, DesignerChecks checks) : PageModel
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The version open in the modeler; null for a new process.</summary>
    public DefinitionRecord? Definition { get; private set; }

    /// <summary>Every version of the open process, newest first.</summary>
    public IReadOnlyList<DefinitionRecord> Versions { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? definitionId, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(definitionId))
        {
            return Page();
        }

        var found = await FindAsync(definitionId, ct);
        if (found is null)
        {
            return NotFound(ConsoleText.Get("designer.notFound", ConsoleText.IsEnglish) + " " + definitionId);
        }

        (Definition, Versions) = found.Value;
        return Page();
    }

    /// <summary>The XML of a deployed version, exactly as deployed (download without scripts).</summary>
    public async Task<IActionResult> OnGetXmlAsync(string? definitionId, CancellationToken ct)
    {
        var found = string.IsNullOrEmpty(definitionId) ? null : await FindAsync(definitionId, ct);
        if (found is null)
        {
            return NotFound();
        }

        var definition = found.Value.Definition;
        return File(Encoding.UTF8.GetBytes(definition.Xml), "application/xml", definition.ResourceName);
    }

    /// <summary>The live check: the engine's parser on the draft; every problem with its element id.</summary>
    public IActionResult OnPostValidate(string? xml) =>
        string.IsNullOrWhiteSpace(xml)
            ? BadRequest(new { message = ConsoleText.Get("designer.emptyFile", ConsoleText.IsEnglish) })
            : new JsonResult(checks.Validate(xml), Json);

    /// <summary>Deploys the draft; a refused file answers 422 with the engine's message and problems.</summary>
    public async Task<IActionResult> OnPostDeployAsync(string? xml, string? resourceName, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(xml))
        {
            return BadRequest(new { message = ConsoleText.Get("designer.emptyFile", ConsoleText.IsEnglish), problems = Array.Empty<DesignerProblem>() });
        }

        var name = string.IsNullOrWhiteSpace(resourceName) ? "process.bpmn" : Path.GetFileName(resourceName.Trim());
        try
        {
            var result = await engine.DeployAsync(name, xml, ct);
            return new JsonResult(new
            {
                deploymentId = result.DeploymentId,
                deployed = result.Definitions.Select(d => new { id = d.Id, key = d.Key, version = d.Version, isNew = d.IsNew }),
            }, Json);
        }
        catch (BpmnValidationException e)
        {
            return Refused(e.Message, [.. e.Problems.Select(DesignerProblem.From)]);
        }
        catch (ProcessEngineException e)
        {
            return Refused(e.Message, []);
        }
    }

    private static JsonResult Refused(string message, IReadOnlyList<DesignerProblem> problems) =>
        new(new { message, problems }, Json) { StatusCode = StatusCodes.Status422UnprocessableEntity };

    /// <summary>Finds <c>key:version</c>, or the newest version when only a key is given.</summary>
    private async Task<(DefinitionRecord Definition, IReadOnlyList<DefinitionRecord> Versions)?> FindAsync(string idOrKey, CancellationToken ct)
    {
        var colon = idOrKey.LastIndexOf(':');
        var key = colon > 0 ? idOrKey[..colon] : idOrKey;
        var versions = (await engine.QueryDefinitionsAsync(key, ct)).OrderByDescending(d => d.Version).ToList();
        var definition = colon > 0 ? versions.FirstOrDefault(d => d.Id == idOrKey) : versions.FirstOrDefault();
        return definition is null ? null : (definition, versions);
    }

    /// <summary>The settings the designer script reads from the page (see src/Designer/src/designer/main.ts).</summary>
    public string ScriptConfig(ConsoleText text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] labels = ["ready", "deploying", "deployed", "nothingDeployed", "importFailed", "importWarnings", "noProblems", "catalogueEmpty", "templateErrors",
            "simulating", "simulated", "simFailed", "simMeasure", "simCurrent", "simDraft", "simDiff", "simNoCurrent", "simStarted", "simCompleted",
            "simActive", "simCancelled", "simIncidents", "simEntered", "simElementCompleted", "simWarnings"];
        var config = new
        {
            culture = System.Globalization.CultureInfo.CurrentUICulture.Name,
            xml = Definition?.Xml,
            resourceName = Definition?.ResourceName,
            templatesUrl = Url.Content("~/designer/element-templates.json"),
            validateUrl = Url.Page("/Designer", "Validate", new { definitionId = (string?)null }),
            deployUrl = Url.Page("/Designer", "Deploy", new { definitionId = (string?)null }),
            designerUrl = Url.Content("~/designer"),
            simulateUrl = Url.Content("~/api/definitions/simulate"),
            // The candidate-group picker: the staff roles (one source, Workflows.Domain.Roles) with their names in the page's language.
            roles = Accounts.Roles.Staff.Select(r => new { id = r, label = $"{(ConsoleText.IsEnglish ? Accounts.Roles.Names[r].English : Accounts.Roles.Names[r].Chinese)} ({r})" }),
            text = labels.ToDictionary(l => l, l => text["designer." + l]),
        };

        // The default encoder escapes '<' and '>', so the JSON cannot close the <script> element it sits in.
        return JsonSerializer.Serialize(config, Json);
    }
}
