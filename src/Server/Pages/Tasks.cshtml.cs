using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PropertyFlow.Engine;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Server.Accounts;
using PropertyFlow.Server.Api;
using PropertyFlow.Server.WebConsole;

namespace PropertyFlow.Server.Pages;

/// <summary>
/// The tasklist: my tasks, my groups' tasks and (supervisors and up) all open tasks, soonest due first, with
/// claim and unclaim. A small script (<c>app/tasklist.js</c>) polls <c>/api/tasks</c> and swaps in the
/// <c>?handler=Lists</c> fragment when the tasks changed, so new tasks appear without a reload.
/// </summary>
public sealed class TasksModel(ProcessEngine engine, ConsoleText text) : PageModel
{
    /// <summary>The key under which claim and unclaim leave their outcome for the next page.</summary>
    public const string MessageKey = "pf.tasks.message";

    public TaskLists Lists { get; private set; } = new([], [], null);

    public async Task OnGetAsync(CancellationToken ct) => Lists = await TaskBoard.LoadAsync(engine, User, ct);

    /// <summary>The lists alone, for the polling script.</summary>
    public async Task<IActionResult> OnGetListsAsync(CancellationToken ct) =>
        Partial("TasksLists", await TaskBoard.LoadAsync(engine, User, ct));

    public Task<IActionResult> OnPostClaimAsync(Guid id, string? returnUrl, CancellationToken ct) =>
        ChangeAsync(id, returnUrl, "tasks.claimed", () => engine.ClaimTaskAsync(id, User.Actor(), ct), ct);

    public Task<IActionResult> OnPostUnclaimAsync(Guid id, string? returnUrl, CancellationToken ct) =>
        ChangeAsync(id, returnUrl, "tasks.unclaimed", () => engine.UnclaimTaskAsync(id, User.Actor(), ct), ct);

    private async Task<IActionResult> ChangeAsync(Guid id, string? returnUrl, string doneKey, Func<Task> change, CancellationToken ct)
    {
        try
        {
            await TasksApi.VisibleTaskAsync(engine, User, id, ct);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        try
        {
            await change();
            TempData[MessageKey] = text[doneKey];
        }
        catch (Exception e) when (e is InvalidStateException or ForbiddenException or ConcurrencyConflictException)
        {
            // Someone else was quicker (or the task moved on): say so on the list, never an error page.
            TempData[MessageKey] = text["tasks.changeRefused"] + " " + e.Message;
        }

        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/tasks");
    }
}
