// The catalogue of building blocks: one button per element template (from the service-task registry).
// A click adds a service task with the template applied, after the selected element when there is one.
import type Modeler from 'bpmn-js/lib/Modeler';
import type { AutoPlace, Canvas, ElementFactory, ElementTemplate, ElementTemplates, Modeling, Selection, Shape } from './services';

export class Catalogue {
  constructor(modeler: Modeler, list: HTMLElement, templates: ElementTemplate[], emptyText: string) {
    const get = <T>(name: string): T => modeler.get(name) as T;
    list.replaceChildren();
    if (templates.length === 0) {
      const empty = document.createElement('li');
      empty.className = 'pf-muted';
      empty.textContent = emptyText;
      list.append(empty);
      return;
    }

    for (const template of templates) {
      const item = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'pf-block';
      button.dataset.templateId = template.id;
      button.textContent = template.name;
      button.title = template.description ?? '';
      button.addEventListener('click', () => {
        const shape = get<ElementFactory>('elementFactory').createShape({ type: 'bpmn:ServiceTask' });
        const selected = get<Selection>('selection').get()[0];
        let created: Shape;
        if (selected && !selected.type.includes('Process') && !selected.type.includes('SequenceFlow')) {
          created = get<AutoPlace>('autoPlace').append(selected, shape);
        } else {
          const canvas = get<Canvas>('canvas');
          const box = canvas.viewbox();
          created = get<Modeling>('modeling').createShape(shape, { x: box.x + box.width / 2, y: box.y + box.height / 2 }, canvas.getRootElement());
        }
        const applied = get<ElementTemplates>('elementTemplates').applyTemplate(created, template);
        get<Selection>('selection').select(applied);
      });
      item.append(button);
      list.append(item);
    }
  }
}
