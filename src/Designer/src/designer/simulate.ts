// "Simulate / 模拟": posts the draft to POST /api/definitions/simulate (the engine's Simulator, server-side, on the
// draft and on the newest deployed version with the same seed) and shows both KPI reports side by side, with the
// differences highlighted. Everything is built with DOM calls and textContent: element ids and names from the
// diagram are never parsed as HTML.

interface SimElement {
  id: string;
  kind: string;
  entered: number;
  completed: number;
  cancelled: number;
  incidents: number;
}

interface SimProcess {
  id: string;
  version: number;
  name: string | null;
  started: number;
  completed: number;
  cancelled: number;
  active: number;
  incidents: number;
  elements: SimElement[];
}

interface SimReport {
  processes: SimProcess[];
  warnings: string[];
}

interface SimResponse {
  draft: SimReport;
  current: SimReport | null;
  currentVersions: string[];
}

interface Problem {
  title?: string;
  detail?: string;
  errors?: Record<string, string[]>;
}

export interface SimulationOptions {
  instances: number;
  days: number;
  seed: number;
}

type Text = Record<string, string>;

export async function simulate(url: string, xml: string, options: SimulationOptions): Promise<SimResponse> {
  const response = await fetch(url, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ xml, ...options }),
  });
  if (!response.ok) {
    let problem: Problem = {};
    try {
      problem = (await response.json()) as Problem;
    } catch {
      // not JSON: the status line says enough
    }
    const fields = Object.entries(problem.errors ?? {}).map(([field, messages]) => `${field}: ${messages.join(', ')}`);
    throw new Error([problem.title ?? `${response.status} ${response.statusText}`, problem.detail, ...fields].filter(Boolean).join(' '));
  }
  return (await response.json()) as SimResponse;
}

function cell(tag: 'td' | 'th', text: string, className?: string): HTMLTableCellElement {
  const c = document.createElement(tag);
  c.textContent = text;
  if (className) {
    c.className = className;
  }
  return c;
}

function diffCell(current: number | undefined, draft: number | undefined): HTMLTableCellElement {
  if (current === undefined || draft === undefined) {
    return cell('td', '—');
  }
  const d = draft - current;
  return cell('td', d === 0 ? '0' : d > 0 ? `+${d}` : String(d), d === 0 ? undefined : 'pf-sim-changed');
}

function row(label: string, current: number | undefined, draft: number | undefined): HTMLTableRowElement {
  const tr = document.createElement('tr');
  tr.append(cell('th', label), cell('td', current === undefined ? '—' : String(current)), cell('td', draft === undefined ? '—' : String(draft)), diffCell(current, draft));
  if (current !== draft && current !== undefined && draft !== undefined) {
    tr.classList.add('pf-sim-differs');
  }
  return tr;
}

/** One table per process of the draft: totals, then every element's entered/completed, current | draft | difference. */
export function renderReports(box: HTMLElement, result: SimResponse, text: Text): void {
  box.replaceChildren();
  if (!result.current) {
    const note = document.createElement('p');
    note.className = 'pf-muted';
    note.id = 'sim-no-current';
    note.textContent = text.simNoCurrent;
    box.append(note);
  }
  for (const draft of result.draft.processes) {
    const current = result.current?.processes.find(p => p.id === draft.id);
    const table = document.createElement('table');
    table.className = 'pf-sim-table';
    table.dataset.process = draft.id;
    const caption = document.createElement('caption');
    caption.textContent = `${draft.name ?? draft.id} (${draft.id})${current ? ` — ${text.simCurrent} v${current.version}` : ''}`;
    const head = document.createElement('tr');
    head.append(cell('th', text.simMeasure), cell('th', text.simCurrent), cell('th', text.simDraft), cell('th', text.simDiff));
    const thead = document.createElement('thead');
    thead.append(head);
    const body = document.createElement('tbody');
    const totals: [string, keyof SimProcess][] = [
      [text.simStarted, 'started'], [text.simCompleted, 'completed'], [text.simActive, 'active'], [text.simCancelled, 'cancelled'], [text.simIncidents, 'incidents'],
    ];
    for (const [label, key] of totals) {
      const tr = row(label, current?.[key] as number | undefined, draft[key] as number);
      tr.dataset.measure = key;
      body.append(tr);
    }
    const ids = [...new Set([...(current?.elements ?? []).map(e => e.id), ...draft.elements.map(e => e.id)])].sort();
    for (const id of ids) {
      const before = current?.elements.find(e => e.id === id);
      const after = draft.elements.find(e => e.id === id);
      for (const [label, key] of [[text.simEntered, 'entered'], [text.simElementCompleted, 'completed']] as const) {
        const tr = row(`${id} ${label}`, before?.[key], after?.[key]);
        tr.dataset.element = id;
        tr.dataset.measure = key;
        body.append(tr);
      }
    }
    table.append(caption, thead, body);
    box.append(table);
  }
  const warnings = [...result.draft.warnings, ...(result.current?.warnings ?? [])];
  if (warnings.length) {
    const p = document.createElement('p');
    p.className = 'pf-status-error';
    p.textContent = `${text.simWarnings} ${warnings.join('; ')}`;
    box.append(p);
  }
}
