using Microsoft.AspNetCore.Mvc.RazorPages;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime;

namespace PropertyFlow.Server.Pages;

/// <summary>The console's start page: every deployed process, newest version of each.</summary>
public sealed class IndexModel(ProcessEngine engine) : PageModel
{
    public IReadOnlyList<DefinitionRecord> Processes { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var all = await engine.QueryDefinitionsAsync(ct: ct);
        Processes = [.. all.GroupBy(d => d.Key).Select(g => g.MaxBy(d => d.Version)!).OrderBy(d => d.Key, StringComparer.Ordinal)];
    }
}
