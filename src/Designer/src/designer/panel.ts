// Keeps the properties panel to what the PropertyFlow engine executes (docs/bpmn-subset.md): the Camunda 7
// provider stays (its files remain Camunda compatible), and this provider, which runs after it, removes the
// groups and entries the engine refuses or ignores (listeners, field injections, connectors, Java classes and
// expressions, history cleanup, tasklist flags, initiator, Camunda Forms references), turns the implementation choice
// of service/send tasks into one "external topic" field, offers the staff roles as candidate groups, and adds
// the "working time / 工作时间" checkbox that writes pf:calendar="working". The script-format, condition-type,
// form-type and call-activity choices are replaced by ones that offer only what the parser accepts (panel-choices.ts).
import {
  CheckboxEntry, TextFieldEntry, isCheckboxEntryEdited, isSelectEntryEdited, isTextAreaEntryEdited, isTextFieldEntryEdited,
} from '@bpmn-io/properties-panel';
import { h } from '@bpmn-io/properties-panel/preact';
import { useService } from 'bpmn-js-properties-panel';
import {
  CalledElementKind, CalledProcess, ConditionType, FormType, ScriptBody, ScriptFormat, ScriptFormatOnCreate,
} from './panel-choices';

/** A staff role as the page hands it over: id (the candidate group) and label in the page's language. */
export interface RoleOption {
  id: string;
  label: string;
}

interface ModdleElement {
  $type: string;
  get(name: string): unknown;
  set(name: string, value: unknown): void;
  eventDefinitions?: ModdleElement[];
  $parent?: ModdleElement;
  triggeredByEvent?: boolean;
}

interface PanelElement {
  id: string;
  type: string;
  businessObject: ModdleElement;
}

interface Entry {
  id: string;
  component: (props: { element: PanelElement; id: string }) => unknown;
  isEdited?: unknown;
  script?: unknown;
}

interface ListItem {
  id: string;
  entries?: Entry[];
}

interface Group {
  id: string;
  label?: string;
  entries?: Entry[];
  items?: ListItem[];
  translate?: Translate;
}

interface CommandStack {
  execute(command: string, context: Record<string, unknown>): void;
}

type Translate = (text: string) => string;

/**
 * Groups the engine refuses (listeners, injections, connectors) or ignores (history, tasklist, initiator, extension
 * properties). The form group stays: its "generated task forms" choice is how a task gets form fields.
 */
export const hiddenGroups = new Set([
  'CamundaPlatform__ExecutionListener',
  'CamundaPlatform__TaskListener',
  'CamundaPlatform__FieldInjection',
  'CamundaPlatform__ConnectorInput',
  'CamundaPlatform__ConnectorOutput',
  'CamundaPlatform__ExtensionProperties',
  'CamundaPlatform__HistoryCleanup',
  'CamundaPlatform__Tasklist',
  'CamundaPlatform__StartInitiator',
  'CamundaPlatform__ProcessVariables',
  'compensation',
  'conditional',
]);

/**
 * Entries inside kept groups that only serve what the engine refuses (case references, delegate mappings, tenants,
 * external scripts, script conditions' language and resource choice, Camunda Forms references).
 */
const hiddenEntries = [
  /case/i, /delegateVariableMapping/i, /variableMapping(Class|DelegateExpression)/i, /tenant/i, /scriptResource/i, /^scriptType$/, /^formRef/,
  /^conditionScript(Language|Type|Resource)$/,
  // The engine starts the called process's latest version whatever the binding says (a warning at deploy).
  /^calledElement(Binding|Version|VersionTag)$/,
];

/** The Camunda provider's choice entries replaced by ones that offer only what the parser accepts (panel-choices.ts). */
const replacedEntries: Record<string, Entry> = {
  conditionType: { id: 'conditionType', component: ConditionType, isEdited: isSelectEntryEdited },
  formType: { id: 'formType', component: FormType, isEdited: isSelectEntryEdited },
};

const serviceLike = new Set(['bpmn:ServiceTask', 'bpmn:SendTask']);

function splitList(value: unknown): string[] {
  return typeof value === 'string' ? value.split(',').map(v => v.trim()).filter(v => v.length > 0) : [];
}

function timerDefinition(element: PanelElement): ModdleElement | undefined {
  return element.businessObject.eventDefinitions?.find(d => d.$type === 'bpmn:TimerEventDefinition');
}

/** Where the engine reads pf:calendar (docs/bpmn-subset.md, "Working time"). */
function takesWorkingTime(element: PanelElement): boolean {
  const type = element.businessObject.$type;
  if (type === 'bpmn:UserTask' || type === 'bpmn:ManualTask') {
    return true;
  }
  if (!timerDefinition(element)) {
    return false;
  }
  return type === 'bpmn:BoundaryEvent' || type === 'bpmn:IntermediateCatchEvent'
    || (type === 'bpmn:StartEvent' && element.businessObject.$parent?.triggeredByEvent === true);
}

function WorkingTime(props: { element: PanelElement; id: string }): unknown {
  const { element, id } = props;
  const commandStack = useService('commandStack') as CommandStack;
  const translate = useService('translate') as Translate;
  const definition = timerDefinition(element);
  const getValue = () => element.businessObject.get('pf:calendar') === 'working' || definition?.get('pf:calendar') === 'working';
  const setValue = (on: boolean) => {
    // Written on the element itself; a value the definition carried (the engine reads either) is cleared with it.
    commandStack.execute('element.updateModdleProperties', {
      element,
      moddleElement: element.businessObject,
      properties: { 'pf:calendar': on ? 'working' : undefined },
    });
    if (!on && definition?.get('pf:calendar') !== undefined) {
      commandStack.execute('element.updateModdleProperties', { element, moddleElement: definition, properties: { 'pf:calendar': undefined } });
    }
  };
  return CheckboxEntry({
    element,
    id,
    label: translate('Working time'),
    description: translate('Count in working time (business calendar): pf:calendar="working".'),
    getValue,
    setValue,
  });
}

function ExternalTopic(props: { element: PanelElement; id: string }): unknown {
  const { element, id } = props;
  const commandStack = useService('commandStack') as CommandStack;
  const translate = useService('translate') as Translate;
  const debounce = useService('debounceInput') as unknown;
  return TextFieldEntry({
    element,
    id,
    label: translate('External topic'),
    description: translate('The topic an external worker or in-process handler serves (camunda:type="external").'),
    getValue: () => element.businessObject.get('camunda:topic') ?? '',
    setValue: (value: string) => commandStack.execute('element.updateModdleProperties', {
      element,
      moddleElement: element.businessObject,
      properties: { 'camunda:type': 'external', 'camunda:topic': value || undefined },
    }),
    debounce,
  });
}

function rolePicker(roles: RoleOption[]) {
  return function RolePicker(props: { element: PanelElement; id: string }): unknown {
    const { element, id } = props;
    const commandStack = useService('commandStack') as CommandStack;
    const translate = useService('translate') as Translate;
    const chosen = splitList(element.businessObject.get('camunda:candidateGroups'));
    const toggle = (role: string, on: boolean) => {
      const next = on ? [...chosen.filter(g => g !== role), role] : chosen.filter(g => g !== role);
      commandStack.execute('element.updateModdleProperties', {
        element,
        moddleElement: element.businessObject,
        properties: { 'camunda:candidateGroups': next.length ? next.join(',') : undefined },
      });
    };
    return h('div', { class: 'bio-properties-panel-entry pf-roles', 'data-entry-id': id }, [
      h('span', { class: 'bio-properties-panel-label' }, translate('Roles')),
      ...roles.map(role => h('label', { class: 'pf-role', key: role.id }, [
        h('input', {
          type: 'checkbox',
          name: `${id}-${role.id}`,
          value: role.id,
          checked: chosen.includes(role.id),
          onChange: (e: Event) => toggle(role.id, (e.target as HTMLInputElement).checked),
        }),
        ` ${role.label}`,
      ])),
      h('div', { class: 'bio-properties-panel-description' }, translate('Pick roles, or type groups or an expression (${...}) above.')),
    ]);
  };
}

/**
 * The Camunda provider's script entries of a parameter (`<prefix>scriptFormat`, `scriptType`, `scriptValue`,
 * `scriptResource`) become a JavaScript-only format and an always-shown inline script (panel-choices.ts).
 */
function scriptEntries(entries: Entry[]): Entry[] {
  return entries
    .filter(entry => !hiddenEntries.some(r => r.test(entry.id)) && !/-script(Type|Value)$/.test(entry.id))
    .flatMap(entry => {
      if (!entry.id.endsWith('-scriptFormat') || !entry.script) {
        return [entry];
      }
      const prefix = entry.id.slice(0, -'scriptFormat'.length);
      return [
        { id: entry.id, component: ScriptFormat, isEdited: isSelectEntryEdited, script: entry.script },
        { id: `${prefix}scriptValue`, component: ScriptBody, isEdited: isTextAreaEntryEdited, script: entry.script },
      ];
    });
}

class EngineSubsetProvider {
  static $inject = ['propertiesPanel', 'config.pfRoles', 'translate'];

  private readonly roleEntry: Entry;

  constructor(
    propertiesPanel: { registerProvider(priority: number, provider: unknown): void },
    roles: RoleOption[] | undefined,
    private readonly translate: Translate,
  ) {
    this.roleEntry = { id: 'pfCandidateGroupRoles', component: rolePicker(roles ?? []) };
    // Lowest priority: sees the groups every other provider (bpmn, Camunda 7, element templates) made.
    propertiesPanel.registerProvider(1, this);
  }

  getGroups(element: PanelElement) {
    return (groups: Group[]) => groups
      .filter(group => !hiddenGroups.has(group.id))
      // List groups (form fields, inputs, …) draw their "Create" button with the translate they are handed, and the
      // Camunda provider hands none: give them bpmn-js's, so the button follows the page's language.
      .map(group => this.adjust(element, { ...group, translate: group.translate ?? this.translate }));
  }

  private adjust(element: PanelElement, group: Group): Group {
    if (group.items) {
      // Input/output parameters: a script parameter's format fixed to JavaScript, inline only.
      group = { ...group, items: group.items.map(item => item.entries ? { ...item, entries: scriptEntries(item.entries) } : item) };
    }
    if (!group.entries) {
      return group;
    }
    let entries = group.entries
      .filter(entry => !hiddenEntries.some(r => r.test(entry.id)))
      .map(entry => replacedEntries[entry.id] ?? entry);
    if (element.businessObject.$type === 'bpmn:CallActivity') {
      // BPMN is the one kind of call the engine runs: no BPMN/CMMN choice, just the called process's id.
      const bo = element.businessObject;
      entries = entries.flatMap(entry => {
        if (entry.id !== 'calledElementType') {
          return [entry];
        }
        if (bo.get('camunda:caseRef') !== undefined) {
          return [{ id: 'calledElementType', component: CalledElementKind, isEdited: isSelectEntryEdited }];
        }
        return bo.get('calledElement') === undefined ? [{ id: 'calledElement', component: CalledProcess, isEdited: isTextFieldEntryEdited }] : [];
      });
    }
    if (element.businessObject.$type === 'bpmn:ScriptTask' && entries.some(entry => entry.id === 'scriptFormat')) {
      // Format fixed to JavaScript, and the inline script always editable (the provider shows it only once a script exists).
      entries = entries.filter(entry => entry.id !== 'scriptValue').flatMap(entry => entry.id === 'scriptFormat'
        ? [
          { id: 'scriptFormat', component: ScriptFormat, isEdited: isSelectEntryEdited },
          { id: 'scriptValue', component: ScriptBody, isEdited: isTextAreaEntryEdited },
        ]
        : [entry]);
    }
    if (group.id === 'CamundaPlatform__Implementation' && serviceLike.has(element.businessObject.$type)) {
      entries = [{ id: 'pfExternalTopic', component: ExternalTopic, isEdited: isTextFieldEntryEdited }];
    }
    const groupsAt = entries.findIndex(entry => entry.id === 'candidateGroups');
    if (groupsAt >= 0) {
      entries.splice(groupsAt + 1, 0, this.roleEntry);
    }
    if (takesWorkingTime(element)) {
      const dueAt = entries.findIndex(entry => entry.id === 'dueDate');
      const working = { id: 'pfWorkingTime', component: WorkingTime, isEdited: isCheckboxEntryEdited };
      if (dueAt >= 0) {
        entries.splice(dueAt + 1, 0, working);
      } else if (group.id === 'timer') {
        entries.push(working);
      }
    }
    return { ...group, entries };
  }
}

export const EngineSubsetPanelModule = {
  __init__: ['pfEngineSubsetProvider', 'pfScriptFormatOnCreate'],
  pfScriptFormatOnCreate: ['type', ScriptFormatOnCreate],
  pfEngineSubsetProvider: ['type', EngineSubsetProvider],
};
