// The tasklist page's live update: polls the REST API's task query every few seconds and, when the set of
// visible tasks changed (a new task, a claim, a completion, a priority raised by an escalation), fetches the
// server-rendered lists again and swaps them in. Rendering stays on the server (one place for labels,
// time zone and the claim forms with their anti-forgery tokens); the script only decides when.

interface TaskJson {
  id: string;
  assignee: string | null;
  priority: number;
}

/** The same signature the page renders into data-signature (Tasks.cshtml). */
export function signatureOf(tasks: readonly TaskJson[]): string {
  return tasks
    .map((t) => `${t.id}|${t.assignee ?? ''}|${t.priority}`)
    .sort()
    .join(',');
}

function start(root: HTMLElement): void {
  const pollUrl = root.dataset.pollUrl;
  const listsUrl = root.dataset.listsUrl;
  if (!pollUrl || !listsUrl) {
    return;
  }

  const interval = Number(root.dataset.pollMs ?? '3000');
  let busy = false;

  const poll = async (): Promise<void> => {
    if (busy) {
      return;
    }
    busy = true;
    try {
      const answer = await fetch(pollUrl, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
      if (!answer.ok) {
        return; // signed out or the server restarting: the next poll tries again
      }
      const next = signatureOf((await answer.json()) as TaskJson[]);
      if (next === root.dataset.signature) {
        return;
      }
      const lists = await fetch(listsUrl, { headers: { Accept: 'text/html' }, credentials: 'same-origin' });
      if (lists.ok) {
        root.innerHTML = await lists.text();
        root.dataset.signature = next;
        root.dispatchEvent(new CustomEvent('pf:tasks-updated'));
      }
    } catch {
      // A network hiccup: keep the lists as they are and try again on the next tick.
    } finally {
      busy = false;
    }
  };

  window.setInterval(() => void poll(), interval);
}

const root = document.getElementById('task-lists');
if (root) {
  start(root);
}
