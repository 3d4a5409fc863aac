using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime;

namespace PropertyFlow.Server.Pages;

/// <summary>
/// The process monitor (supervisors and up): per process, the newest version's diagram in the bpmn-js viewer with
/// the number of running instances waiting at each element as overlays, and the same counts as a table.
/// </summary>
public sealed class MonitorModel(ProcessEngine engine) : PageModel
{
    /// <summary>The most running instances read for the counts (2,000); the page says when there are more.</summary>
    public const int MaxInstances = 2000;

    public IReadOnlyList<DefinitionRecord> Processes { get; private set; } = [];

    public DefinitionRecord? Current { get; private set; }

    /// <summary>Waiting tokens per element id of <see cref="Current"/>, most first.</summary>
    public IReadOnlyList<KeyValuePair<string, int>> Waiting { get; private set; } = [];

    public int Running { get; private set; }

    public bool Truncated { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? key, CancellationToken ct)
    {
        var all = await engine.QueryDefinitionsAsync(ct: ct);
        Processes = [.. all.GroupBy(d => d.Key).Select(g => g.MaxBy(d => d.Version)!).OrderBy(d => d.Key, StringComparer.Ordinal)];
        if (key is null)
        {
            Current = Processes.Count > 0 ? Processes[0] : null;
        }
        else
        {
            Current = Processes.FirstOrDefault(d => d.Key == key);
            if (Current is null)
            {
                return NotFound();
            }
        }

        if (Current is not null)
        {
            var instances = await engine.QueryInstancesAsync(
                new InstanceQuery { DefinitionId = Current.Id, Status = InstanceStatus.Active, Take = MaxInstances + 1 }, ct);
            Truncated = instances.Count > MaxInstances;
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var instance in instances.Take(MaxInstances))
            {
                var snapshot = await engine.GetInstanceAsync(instance.Id, ct);
                foreach (var element in snapshot.ActiveElements)
                {
                    counts[element.ElementId] = counts.GetValueOrDefault(element.ElementId) + 1;
                }
            }

            Running = Math.Min(instances.Count, MaxInstances);
            Waiting = [.. counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal)];
        }

        return Page();
    }

    /// <summary>The diagram and the counts for the viewer script.</summary>
    public string ScriptConfig() => System.Text.Json.JsonSerializer.Serialize(new
    {
        xml = Current?.Xml,
        waiting = Waiting.ToDictionary(w => w.Key, w => w.Value, StringComparer.Ordinal),
    });
}
