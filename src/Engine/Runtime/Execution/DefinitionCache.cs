using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using PropertyFlow.Engine.Model;
using PropertyFlow.Engine.Parsing;
using PropertyFlow.Engine.Persistence;

namespace PropertyFlow.Engine.Runtime.Execution;

/// <summary>Parsed models by definition id. Definitions never change once deployed, so entries never go stale.</summary>
internal sealed class DefinitionCache(Func<EngineDbContext> contextFactory, BpmnParser parser)
{
    private readonly ConcurrentDictionary<string, ProcessModel> _models = new(StringComparer.Ordinal);

    public async Task<ProcessModel> GetModelAsync(string definitionId, CancellationToken ct)
    {
        if (_models.TryGetValue(definitionId, out var model))
        {
            return model;
        }

        await using var db = contextFactory();
        var record = await db.Definitions.AsNoTracking().FirstOrDefaultAsync(d => d.Id == definitionId, ct)
            ?? throw new NotFoundException($"There is no process definition '{definitionId}'.");
        return Add(record);
    }

    public ProcessModel Add(DefinitionRecord record)
    {
        if (_models.TryGetValue(record.Id, out var existing))
        {
            return existing;
        }

        var parsed = parser.Parse(record.Xml);
        if (parsed.Document is null)
        {
            throw new BpmnValidationException(parsed.Problems);
        }

        var model = parsed.Document.Processes.FirstOrDefault(p => p.Id == record.Key)
            ?? throw new NotFoundException($"Definition '{record.Id}' has no process '{record.Key}' in its file.");
        return _models.GetOrAdd(record.Id, model);
    }

    public void Put(string definitionId, ProcessModel model) => _models.TryAdd(definitionId, model);
}
