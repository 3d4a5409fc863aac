using Microsoft.EntityFrameworkCore;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime;

namespace PropertyFlow.Engine.Simulation;

/// <summary>Counts what a run left in the database: instances by status, history lines by element, incidents.</summary>
internal static class SimulationTally
{
    public static async Task<IReadOnlyList<SimulatedProcess>> CountAsync(ProcessEngine engine, IDbContextFactory<EngineDbContext> contexts, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var definitions = await db.Definitions.AsNoTracking().Select(d => new { d.Id, d.Key, d.Version, d.Name }).ToListAsync(ct);
        var statuses = await db.Instances.AsNoTracking()
            .GroupBy(i => new { i.DefinitionId, i.Status })
            .Select(g => new { g.Key.DefinitionId, g.Key.Status, Count = g.Count() })
            .ToListAsync(ct);
        var lines = await db.History.AsNoTracking()
            .Where(h => h.ElementId != null
                && (h.Kind == HistoryKinds.ElementStarted || h.Kind == HistoryKinds.ElementCompleted || h.Kind == HistoryKinds.ElementCancelled))
            .Join(db.Instances, h => h.InstanceId, i => i.Id, (h, i) => new { i.DefinitionId, ElementId = h.ElementId!, h.Kind })
            .GroupBy(x => new { x.DefinitionId, x.ElementId, x.Kind })
            .Select(g => new { g.Key.DefinitionId, g.Key.ElementId, g.Key.Kind, Count = g.Count() })
            .ToListAsync(ct);
        var incidents = await db.Incidents.AsNoTracking()
            .GroupBy(i => new { i.DefinitionId, i.ElementId })
            .Select(g => new { g.Key.DefinitionId, g.Key.ElementId, Count = g.Count() })
            .ToListAsync(ct);

        var processes = new List<SimulatedProcess>();
        foreach (var definition in definitions.OrderBy(d => d.Key, StringComparer.Ordinal).ThenBy(d => d.Version))
        {
            int Instances(params InstanceStatus[] wanted) =>
                statuses.Where(s => s.DefinitionId == definition.Id && wanted.Contains(s.Status)).Sum(s => s.Count);
            int Lines(string elementId, string kind) =>
                lines.Where(l => l.DefinitionId == definition.Id && l.ElementId == elementId && l.Kind == kind).Sum(l => l.Count);

            var model = await engine.GetModelAsync(definition.Id, ct);
            var kinds = model.AllNodes.ToDictionary(n => n.Id, n => n.Kind, StringComparer.Ordinal);
            foreach (var elementId in lines.Where(l => l.DefinitionId == definition.Id).Select(l => l.ElementId))
            {
                kinds.TryAdd(elementId, "unknown"); // history of an element the model no longer has (cannot happen without migration)
            }

            var elements = kinds.OrderBy(k => k.Key, StringComparer.Ordinal)
                .Select(k => new SimulatedElement(
                    k.Key,
                    k.Value,
                    Lines(k.Key, HistoryKinds.ElementStarted),
                    Lines(k.Key, HistoryKinds.ElementCompleted),
                    Lines(k.Key, HistoryKinds.ElementCancelled),
                    incidents.Where(i => i.DefinitionId == definition.Id && i.ElementId == k.Key).Sum(i => i.Count)))
                .ToList();
            processes.Add(new SimulatedProcess(
                definition.Key,
                definition.Version,
                definition.Name,
                Started: Instances(Enum.GetValues<InstanceStatus>()),
                Completed: Instances(InstanceStatus.Completed, InstanceStatus.Terminated),
                Cancelled: Instances(InstanceStatus.Cancelled),
                Active: Instances(InstanceStatus.Active),
                Incidents: incidents.Where(i => i.DefinitionId == definition.Id).Sum(i => i.Count),
                elements));
        }

        return processes;
    }
}
