// The monitor's instance page: the instance's version in the bpmn-js viewer with the path taken, where it waits
// and where incidents stand marked, and the page's actions: retry and cancel as calls to the REST API, migrate as a
// form posted to the page.
// Rendering stays on the server; after an action the page reloads to show the engine's new state.
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';

interface InstancePath {
  completedElements: string[];
  takenFlows: string[];
  activeElements: string[];
  incidentElements: string[];
}

interface InstanceConfig {
  instanceId: string;
  apiBase: string;
  xml: string;
  path: InstancePath;
  newestDefinitionId: string;
  texts: { confirmCancel: string; confirmMigrate: string; failed: string };
}

interface Canvas {
  zoom(level: string): void;
  addMarker(elementId: string, marker: string): void;
}

interface ElementRegistry {
  get(id: string): unknown;
}

/** Marks the diagram: taken path first, so an element both passed and waited at shows as waiting. */
async function drawPath(container: HTMLElement, config: InstanceConfig): Promise<void> {
  const viewer = new NavigatedViewer({ container });
  await viewer.importXML(config.xml);
  const canvas = viewer.get<Canvas>('canvas');
  const registry = viewer.get<ElementRegistry>('elementRegistry');
  canvas.zoom('fit-viewport');
  const mark = (ids: string[], marker: string): void => {
    for (const id of ids) {
      // Ids of an older version (after a migration) or elements without a shape have nothing to mark.
      if (registry.get(id)) {
        canvas.addMarker(id, marker);
      }
    }
  };
  mark(config.path.completedElements, 'pf-done');
  mark(config.path.takenFlows, 'pf-taken');
  mark(config.path.activeElements, 'pf-active');
  mark(config.path.incidentElements, 'pf-incident');
  container.dataset.ready = 'true';
}

/** Posts to the API; resolves on success, otherwise shows the problem's detail (or title) and rejects. */
async function post(config: InstanceConfig, path: string, body: unknown): Promise<void> {
  const response = await fetch(config.apiBase + path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.ok) {
    return;
  }
  let message = `${response.status}`;
  try {
    const problem = (await response.json()) as { title?: string; detail?: string };
    message = problem.detail ?? problem.title ?? message;
  } catch {
    // Not a problem document: the status is all there is.
  }
  showError(`${config.texts.failed}: ${message}`);
  throw new Error(message);
}

function showError(text: string): void {
  const box = document.getElementById('action-error');
  if (box) {
    box.textContent = text;
    box.hidden = false;
  }
}

function busy(button: HTMLButtonElement | null, on: boolean): void {
  if (button) {
    button.disabled = on;
  }
}

function wireActions(config: InstanceConfig): void {
  const id = encodeURIComponent(config.instanceId);
  const run = async (button: HTMLButtonElement | null, action: () => Promise<void>): Promise<void> => {
    busy(button, true);
    try {
      await action();
      window.location.reload();
    } catch {
      busy(button, false);
    }
  };

  for (const button of document.querySelectorAll<HTMLButtonElement>('button.pf-retry')) {
    button.addEventListener('click', () => {
      const incident = encodeURIComponent(button.dataset.incident ?? '');
      void run(button, () => post(config, `/incidents/${incident}/retry`, undefined));
    });
  }

  const cancelForm = document.getElementById('cancel-form') as HTMLFormElement | null;
  cancelForm?.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!window.confirm(config.texts.confirmCancel)) {
      return;
    }
    const reason = (document.getElementById('cancel-reason') as HTMLInputElement | null)?.value.trim();
    void run(document.getElementById('cancel') as HTMLButtonElement | null,
      () => post(config, `/instances/${id}/cancel`, { reason: reason ? reason : null }));
  });

  // Migrate is a plain form posted to the page (anti-forgery token, activity mapping from its selects): the script
  // only asks for confirmation; the server redirects on success or shows the engine's refusal.
  const migrateForm = document.getElementById('migrate-form') as HTMLFormElement | null;
  migrateForm?.addEventListener('submit', (event) => {
    if (!window.confirm(config.texts.confirmMigrate)) {
      event.preventDefault();
    }
  });
}

/** Starts the instance page when its configuration is present; false otherwise. */
export async function startInstancePage(): Promise<boolean> {
  const configText = document.getElementById('monitor-instance-config')?.textContent;
  const container = document.getElementById('monitor-canvas');
  if (!configText || !container) {
    return false;
  }
  const config = JSON.parse(configText) as InstanceConfig;
  wireActions(config);
  await drawPath(container, config);
  return true;
}
