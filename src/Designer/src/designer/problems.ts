// Shows the engine's problems on the diagram: a red marker on each named element, a badge with the
// messages as an overlay, and the full list (problems without an element too) beside the canvas.
import type { Problem } from './server';
import type { Canvas, ElementRegistry, Overlays } from './services';

const overlayType = 'pf-problem';

export class ProblemView {
  private marked: string[] = [];

  constructor(
    private readonly canvas: Canvas,
    private readonly overlays: Overlays,
    private readonly registry: ElementRegistry,
    private readonly list: HTMLElement,
    private readonly okText: string,
  ) {}

  show(problems: Problem[]): void {
    this.clear();
    const byElement = new Map<string, Problem[]>();
    for (const problem of problems) {
      if (problem.elementId && this.registry.get(problem.elementId)) {
        const group = byElement.get(problem.elementId) ?? [];
        group.push(problem);
        byElement.set(problem.elementId, group);
      }
    }

    for (const [elementId, group] of byElement) {
      const marker = group.some(p => p.severity === 'error') ? 'pf-has-error' : 'pf-has-warning';
      this.canvas.addMarker(elementId, marker);
      this.marked.push(elementId);
      const badge = document.createElement('div');
      badge.className = `pf-problem-badge ${marker}`;
      badge.dataset.elementId = elementId;
      badge.textContent = String(group.length);
      badge.title = group.map(p => p.message).join('\n');
      this.overlays.add(elementId, overlayType, { position: { bottom: 10, left: -10 }, html: badge });
    }

    this.list.replaceChildren();
    if (problems.length === 0) {
      const ok = document.createElement('li');
      ok.className = 'pf-ok';
      ok.textContent = this.okText;
      this.list.append(ok);
      return;
    }

    for (const problem of problems) {
      const item = document.createElement('li');
      item.className = problem.severity === 'error' ? 'pf-error' : 'pf-warning';
      if (problem.elementId) {
        item.dataset.elementId = problem.elementId;
      }
      const where = [problem.line > 0 ? `${problem.line}:${problem.column}` : '', problem.elementId ?? ''].filter(Boolean).join(' ');
      item.textContent = where ? `${where}: ${problem.message}` : problem.message;
      this.list.append(item);
    }
  }

  clear(): void {
    this.overlays.remove({ type: overlayType });
    for (const id of this.marked) {
      if (this.registry.get(id)) {
        this.canvas.removeMarker(id, 'pf-has-error');
        this.canvas.removeMarker(id, 'pf-has-warning');
      }
    }
    this.marked = [];
  }
}
