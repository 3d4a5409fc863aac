using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Server.Accounts;

namespace PropertyFlow.Server.Pages;

/// <summary>
/// The instance list of the monitor (<c>/monitor/instances</c>, supervisors and up): filters by process, state and
/// business key, oldest first, <see cref="PageSize"/> a page. Each row opens the instance page.
/// </summary>
[Authorize(Policy = Policies.Oversight)]
public sealed class MonitorInstancesModel(ProcessEngine engine) : PageModel
{
    /// <summary>Instances shown per page (50).</summary>
    public const int PageSize = 50;

    /// <summary>The process keys to filter by (every deployed process).</summary>
    public IReadOnlyList<DefinitionRecord> Processes { get; private set; } = [];

    public IReadOnlyList<InstanceRecord> Instances { get; private set; } = [];

    /// <summary>The filter: a process key, or null for every process.</summary>
    [BindProperty(SupportsGet = true, Name = "process")]
    public string? Process { get; set; }

    /// <summary>The filter: active, completed, terminated, cancelled, or null for any.</summary>
    [BindProperty(SupportsGet = true, Name = "state")]
    public string? State { get; set; }

    [BindProperty(SupportsGet = true, Name = "businessKey")]
    public string? BusinessKey { get; set; }

    /// <summary>The page number, from 1.</summary>
    [BindProperty(SupportsGet = true, Name = "pageNumber")]
    public int PageNumber { get; set; } = 1;

    public bool HasNext { get; private set; }

    /// <summary>Set when a filter value is not understood (the list is then not filtered by it).</summary>
    public string? FilterError { get; private set; }

    public static IReadOnlyList<string> States { get; } = [.. Enum.GetNames<InstanceStatus>().Select(n => n.ToLowerInvariant())];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var all = await engine.QueryDefinitionsAsync(ct: ct);
        Processes = [.. all.GroupBy(d => d.Key).Select(g => g.MaxBy(d => d.Version)!).OrderBy(d => d.Key, StringComparer.Ordinal)];
        Process = string.IsNullOrWhiteSpace(Process) ? null : Process.Trim();
        BusinessKey = string.IsNullOrWhiteSpace(BusinessKey) ? null : BusinessKey.Trim();
        PageNumber = Math.Max(1, PageNumber);

        InstanceStatus? status = null;
        if (!string.IsNullOrWhiteSpace(State))
        {
            if (Enum.TryParse<InstanceStatus>(State, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed))
            {
                status = parsed;
                State = State.ToLowerInvariant();
            }
            else
            {
                FilterError = State;
                State = null;
            }
        }

        var found = await engine.QueryInstancesAsync(new InstanceQuery
        {
            ProcessKey = Process,
            Status = status,
            BusinessKey = BusinessKey,
            Skip = (PageNumber - 1) * PageSize,
            Take = PageSize + 1,
        }, ct);
        HasNext = found.Count > PageSize;
        Instances = [.. found.Take(PageSize)];
    }

    /// <summary>This list's address with another page number, the filters kept.</summary>
    public string PageLink(int page) => Url.Page("/MonitorInstances", new { process = Process, state = State, businessKey = BusinessKey, pageNumber = page })!;
}
