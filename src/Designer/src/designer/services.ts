// The few bpmn-js / diagram-js services the designer calls, typed as far as we use them.

export interface Shape {
  id: string;
  type: string;
  x: number;
  y: number;
  width: number;
  height: number;
  businessObject: { id: string; $type: string; name?: string };
}

export interface Canvas {
  addMarker(elementId: string, marker: string): void;
  removeMarker(elementId: string, marker: string): void;
  getRootElement(): Shape;
  viewbox(): { x: number; y: number; width: number; height: number };
  zoom(level: string): void;
}

export interface Overlays {
  add(elementId: string, type: string, overlay: { position: Record<string, number>; html: HTMLElement }): string;
  remove(filter: { type: string }): void;
}

export interface ElementRegistry {
  get(id: string): Shape | undefined;
  getAll(): Shape[];
}

export interface EventBus {
  on(event: string, callback: (event: unknown) => void): void;
}

export interface Modeling {
  createShape(shape: unknown, position: { x: number; y: number }, parent: Shape): Shape;
}

export interface ElementFactory {
  createShape(attrs: { type: string }): unknown;
}

export interface AutoPlace {
  append(source: Shape, shape: unknown): Shape;
}

export interface Selection {
  get(): Shape[];
  select(element: Shape): void;
}

/** A Camunda 7 element template as /designer/element-templates.json serves it. */
export interface ElementTemplate {
  id: string;
  name: string;
  description?: string;
  version?: number;
  appliesTo: string[];
}

export interface ElementTemplates {
  applyTemplate(element: Shape, template: ElementTemplate): Shape;
}

export interface PopupMenuEntry {
  id?: string;
  actionName?: string;
}

export interface PopupMenu {
  registerProvider(id: string, priority: number, provider: unknown): void;
}
