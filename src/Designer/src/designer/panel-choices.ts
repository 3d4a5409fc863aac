// The panel's choices kept to what the engine's parser accepts (src/Engine/Parsing, docs/bpmn-subset.md):
// scripts are JavaScript only and inline (no external resource), conditions are `${…}` expressions (no script
// language, no resource), and a user task's form is camunda:formData ("generated task form") or camunda:formKey,
// never a Camunda Forms reference (camunda:formRef). The Camunda 7 provider's own entries offer more; these
// replace them. A value a file drawn elsewhere carries that the engine refuses stays visible as a disabled
// option marked "not supported", so the file reads as it is and the engine's live check says why.
import { SelectEntry, TextAreaEntry, TextFieldEntry } from '@bpmn-io/properties-panel';
import { useService } from 'bpmn-js-properties-panel';

interface Moddle {
  $type: string;
  $parent?: Moddle;
  get(name: string): unknown;
  set(name: string, value: unknown): void;
}

interface PanelElement {
  id: string;
  type: string;
  businessObject: Moddle;
}

interface EntryProps {
  element: PanelElement;
  id: string;
  /** A camunda:script of an input/output parameter (the Camunda provider's entries carry it); absent for script tasks. */
  script?: Moddle;
}

interface Option {
  value: string;
  label: string;
  disabled?: boolean;
}

interface Command {
  cmd: string;
  context: Record<string, unknown>;
}

interface CommandStack {
  execute(command: string, context: unknown): void;
}

interface BpmnFactory {
  create(type: string, attrs?: Record<string, unknown>): Moddle;
}

type Translate = (text: string) => string;

/** The script format the engine runs (it also reads `js` and `ecmascript`, any case, in files). */
export const javascript = 'javascript';

const javascriptNames = new Set(['javascript', 'js', 'ecmascript']);

export function isJavaScript(format: unknown): boolean {
  return typeof format === 'string' && javascriptNames.has(format.toLowerCase());
}

/** Adds the value a file carries when the offered options do not hold it: shown, marked, not choosable. */
function withCurrent(options: Option[], current: string, translate: Translate): Option[] {
  return options.some(o => o.value === current)
    ? options
    : [...options, { value: current, label: `${current} (${translate('not supported')})`, disabled: true }];
}

/** A script's format (script task or camunda:script of a parameter): JavaScript, the one format the engine runs. */
export function ScriptFormat(props: EntryProps): unknown {
  const { element, id } = props;
  const commandStack = useService('commandStack') as CommandStack;
  const translate = useService('translate') as Translate;
  const target = props.script ?? element.businessObject;
  const current = () => {
    const format = target.get('scriptFormat');
    return typeof format !== 'string' || format === '' || isJavaScript(format) ? javascript : format;
  };
  return SelectEntry({
    element,
    id,
    label: translate('Format'),
    getValue: current,
    setValue: (value: string) => commandStack.execute('element.updateModdleProperties', {
      element,
      moddleElement: target,
      properties: { scriptFormat: value },
    }),
    getOptions: () => withCurrent([{ value: javascript, label: 'JavaScript' }], current(), translate),
  });
}

/** The inline script (always shown: no external resource); writing it also writes scriptFormat="javascript" when there is none. */
export function ScriptBody(props: EntryProps): unknown {
  const { element, id } = props;
  const commandStack = useService('commandStack') as CommandStack;
  const translate = useService('translate') as Translate;
  const debounce = useService('debounceInput') as unknown;
  const target = props.script ?? element.businessObject;
  const property = target.$type === 'camunda:Script' ? 'value' : 'script';
  return TextAreaEntry({
    element,
    id,
    label: translate('Script'),
    description: translate('JavaScript, run in the engine\'s sandbox; setVariable(name, value) writes a variable.'),
    getValue: () => (target.get(property) as string | undefined) ?? '',
    setValue: (value: string) => commandStack.execute('element.updateModdleProperties', {
      element,
      moddleElement: target,
      properties: target.get('scriptFormat') ? { [property]: value || '' } : { [property]: value || '', scriptFormat: javascript },
    }),
    debounce,
    monospace: true,
  });
}

function conditionOf(element: PanelElement): Moddle | undefined {
  return element.businessObject.get('conditionExpression') as Moddle | undefined;
}

/** '' (no condition), 'expression' (a `${…}` expression), or 'script' (a file's script condition). */
function conditionType(element: PanelElement): string {
  const condition = conditionOf(element);
  if (!condition) {
    return '';
  }
  return condition.get('language') === undefined && condition.get('camunda:resource') === undefined ? 'expression' : 'script';
}

/** A sequence flow's condition: none or a `${…}` expression (the engine evaluates JavaScript inside it). */
export function ConditionType(props: EntryProps): unknown {
  const { element, id } = props;
  const commandStack = useService('commandStack') as CommandStack;
  const bpmnFactory = useService('bpmnFactory') as BpmnFactory;
  const translate = useService('translate') as Translate;
  const setValue = (value: string) => {
    let condition: Moddle | undefined;
    if (value === 'expression') {
      // A script condition from a file keeps its text: the engine reads `${…}` bodies either way.
      const body = (conditionOf(element)?.get('body') as string | undefined) ?? '';
      condition = bpmnFactory.create('bpmn:FormalExpression', { body });
      condition.$parent = element.businessObject;
    }
    commandStack.execute('element.updateProperties', { element, properties: { conditionExpression: condition } });
  };
  return SelectEntry({
    element,
    id,
    label: translate('Type'),
    getValue: () => conditionType(element),
    setValue,
    getOptions: () => {
      const offered: Option[] = [{ value: '', label: translate('<none>') }, { value: 'expression', label: translate('Expression') }];
      return conditionType(element) === 'script'
        ? [...offered, { value: 'script', label: `${translate('Script')} (${translate('not supported')})`, disabled: true }]
        : offered;
    },
  });
}

function formDataOf(bo: Moddle): Moddle | undefined {
  const extensions = bo.get('extensionElements') as Moddle | undefined;
  return (extensions?.get('values') as Moddle[] | undefined)?.find(v => v.$type === 'camunda:FormData');
}

function formType(bo: Moddle): string {
  if (bo.get('camunda:formKey') !== undefined) {
    return 'formKey';
  }
  if (bo.get('camunda:formRef') !== undefined) {
    return 'formRef';
  }
  return formDataOf(bo) ? 'formData' : '';
}

/**
 * A user task's form: none, form fields (camunda:formData, rendered by the tasklist) or a form key
 * (camunda:formKey, kept for an own form). Camunda Forms (camunda:formRef) is not offered: the engine refuses it.
 */
export function FormType(props: EntryProps): unknown {
  const { element, id } = props;
  const commandStack = useService('commandStack') as CommandStack;
  const bpmnFactory = useService('bpmnFactory') as BpmnFactory;
  const translate = useService('translate') as Translate;
  const bo = element.businessObject;
  const setValue = (value: string) => {
    const commands: Command[] = [{
      cmd: 'element.updateModdleProperties',
      context: {
        element,
        moddleElement: bo,
        properties: {
          'camunda:formKey': value === 'formKey' ? '' : undefined,
          'camunda:formRef': undefined,
          'camunda:formRefBinding': undefined,
          'camunda:formRefVersion': undefined,
        },
      },
    }];
    let extensions = bo.get('extensionElements') as Moddle | undefined;
    const values = ((extensions?.get('values') as Moddle[] | undefined) ?? []).filter(v => v.$type !== 'camunda:FormData' || value === 'formData');
    if (value === 'formData' && !formDataOf(bo)) {
      if (!extensions) {
        extensions = bpmnFactory.create('bpmn:ExtensionElements', { values: [] });
        extensions.$parent = bo;
        commands.push({ cmd: 'element.updateModdleProperties', context: { element, moddleElement: bo, properties: { extensionElements: extensions } } });
      }
      const formData = bpmnFactory.create('camunda:FormData', { fields: [] });
      formData.$parent = extensions;
      values.push(formData);
    }
    if (extensions) {
      commands.push({ cmd: 'element.updateModdleProperties', context: { element, moddleElement: extensions, properties: { values } } });
    }
    commandStack.execute('properties-panel.multi-command-executor', commands);
  };
  return SelectEntry({
    element,
    id,
    label: translate('Type'),
    getValue: () => formType(bo),
    setValue,
    getOptions: () => {
      const offered: Option[] = [{ value: '', label: translate('<none>') }, { value: 'formData', label: translate('Generated Task Forms') }];
      // The engine reads formKey on user tasks; on start events it ignores it (with a warning), so it is not offered there.
      if (bo.$type === 'bpmn:UserTask' || formType(bo) === 'formKey') {
        offered.push({ value: 'formKey', label: translate('Embedded or External Task Forms') });
      }
      return formType(bo) === 'formRef'
        ? [...offered, { value: 'formRef', label: `${translate('Camunda Forms')} (${translate('not supported')})`, disabled: true }]
        : offered;
    },
  });
}

/**
 * A call activity calls a BPMN process by id (the engine refuses CMMN cases and a call without calledElement, and starts
 * the latest version whatever the binding says). While no process is named the Camunda provider shows only its
 * BPMN/CMMN choice; this field stands in for it and writes calledElement directly.
 */
export function CalledProcess(props: EntryProps): unknown {
  const { element, id } = props;
  const commandStack = useService('commandStack') as CommandStack;
  const translate = useService('translate') as Translate;
  const debounce = useService('debounceInput') as unknown;
  return TextFieldEntry({
    element,
    id,
    label: translate('Called element'),
    description: translate('The id of the process to start (its latest version).'),
    getValue: () => (element.businessObject.get('calledElement') as string | undefined) ?? '',
    setValue: (value: string) => commandStack.execute('element.updateProperties', {
      element,
      properties: { calledElement: value || undefined, 'camunda:caseRef': undefined },
    }),
    debounce,
  });
}

/** A file's CMMN call (camunda:caseRef): shown, marked not supported; the one choice offered is a BPMN process. */
export function CalledElementKind(props: EntryProps): unknown {
  const { element, id } = props;
  const commandStack = useService('commandStack') as CommandStack;
  const translate = useService('translate') as Translate;
  return SelectEntry({
    element,
    id,
    label: translate('Type'),
    getValue: () => 'cmmn',
    setValue: (value: string) => commandStack.execute('element.updateProperties', {
      element,
      properties: value === 'bpmn' ? { calledElement: '', 'camunda:caseRef': undefined, 'camunda:caseBinding': undefined, 'camunda:caseVersion': undefined } : {},
    }),
    getOptions: () => [{ value: 'bpmn', label: translate('BPMN') }, { value: 'cmmn', label: `CMMN (${translate('not supported')})`, disabled: true }],
  });
}

/**
 * New script tasks (palette, replace menu) start as JavaScript, so the format the panel shows is the one the
 * file says. Set on the new business object inside the same create command (undo removes the shape with it).
 */
export class ScriptFormatOnCreate {
  static $inject = ['eventBus'];

  constructor(eventBus: { on(event: string, callback: (e: { context: { shape?: { businessObject?: Moddle } } }) => void): void }) {
    eventBus.on('commandStack.shape.create.postExecute', (event) => {
      const bo = event.context.shape?.businessObject;
      if (bo?.$type === 'bpmn:ScriptTask' && !bo.get('scriptFormat')) {
        bo.set('scriptFormat', javascript);
      }
    });
  }
}
