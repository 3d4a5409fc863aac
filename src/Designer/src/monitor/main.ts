// The monitor pages (one bundle). The process page: the process diagram in the bpmn-js viewer (read only, pan and zoom) with the number of
// running instances waiting at each element as an overlay badge. The instance page: see instance.ts.
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import './monitor.css';

import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import { startInstancePage } from './instance';

interface MonitorConfig {
  xml: string | null;
  waiting: Record<string, number>;
}

interface Overlays {
  add(elementId: string, type: string, overlay: { position: { bottom?: number; right?: number }; html: HTMLElement }): string;
}

interface Canvas {
  zoom(level: string): void;
}

async function start(): Promise<void> {
  if (await startInstancePage()) {
    return;
  }
  const container = document.getElementById('monitor-canvas');
  const configText = document.getElementById('monitor-config')?.textContent;
  if (!container || !configText) {
    return;
  }
  const config = JSON.parse(configText) as MonitorConfig;
  if (!config.xml) {
    return;
  }

  const viewer = new NavigatedViewer({ container });
  await viewer.importXML(config.xml);
  viewer.get<Canvas>('canvas').zoom('fit-viewport');
  const overlays = viewer.get<Overlays>('overlays');
  for (const [elementId, count] of Object.entries(config.waiting)) {
    const badge = document.createElement('span');
    badge.className = 'pf-wait-count';
    badge.dataset.element = elementId;
    badge.textContent = String(count);
    try {
      overlays.add(elementId, 'pf-waiting', { position: { bottom: 10, right: 10 }, html: badge });
    } catch {
      // An element without a shape in the diagram: the table below still lists it.
    }
  }
  container.dataset.ready = 'true';
}

void start();
