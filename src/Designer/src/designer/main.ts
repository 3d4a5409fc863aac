// The designer page (/designer): bpmn-js Modeler with the Camunda 7 properties panel, the catalogue of
// building blocks (element templates served by the host), live checks by the engine's own parser, and
// deploy / download / upload. The page is rendered by Razor (src/Server/Pages/Designer.cshtml), which
// hands this module its settings as JSON in <script id="designer-config">.
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import '@bpmn-io/properties-panel/dist/assets/properties-panel.css';
import 'bpmn-js-element-templates/dist/assets/element-templates.css';
import '@bpmn-io/element-template-chooser/dist/element-template-chooser.css';
import 'bpmn-js-bpmnlint/dist/assets/css/bpmn-js-bpmnlint.css';
import './designer.css';

import Modeler from 'bpmn-js/lib/Modeler';
import {
  BpmnPropertiesPanelModule,
  BpmnPropertiesProviderModule,
  CamundaPlatformPropertiesProviderModule,
} from 'bpmn-js-properties-panel';
import { ElementTemplatesPropertiesProviderModule } from 'bpmn-js-element-templates';
import ElementTemplateChooserModule from '@bpmn-io/element-template-chooser';
import camundaModdle from 'camunda-bpmn-moddle/resources/camunda.json';

import { Catalogue } from './catalogue';
import { linting, lintModules } from './lint';
import { newDiagram } from './empty';
import { ProblemView } from './problems';
import { DesignerServer, type Problem } from './server';
import type { Canvas, ElementRegistry, ElementTemplate, EventBus, Overlays } from './services';
import { SubsetModule } from './subset';
import { EngineSubsetPanelModule, type RoleOption } from './panel';
import pfModdle from './pf-moddle.json';
import { renderReports, simulate } from './simulate';
import { translateModule, translateNestedListButtons } from './translate';

interface DesignerConfig {
  culture: string;
  xml: string | null;
  resourceName: string | null;
  templatesUrl: string;
  validateUrl: string;
  deployUrl: string;
  designerUrl: string;
  simulateUrl: string;
  roles: RoleOption[];
  text: Record<string, string>;
}

const config = JSON.parse(document.getElementById('designer-config')!.textContent!) as DesignerConfig;
const token = (document.querySelector('input[name="__RequestVerificationToken"]') as HTMLInputElement).value;
const server = new DesignerServer(config.validateUrl, config.deployUrl, token);
const status = document.getElementById('designer-status')!;

function say(message: string, kind: 'info' | 'error' | 'ok' = 'info'): void {
  status.textContent = message;
  status.className = `pf-status pf-status-${kind}`;
}

async function start(): Promise<void> {
  const templates = (await (await fetch(config.templatesUrl, { credentials: 'same-origin' })).json()) as ElementTemplate[];
  const modeler = new Modeler({
    container: '#canvas',
    keyboard: { bindTo: document },
    propertiesPanel: { parent: '#properties' },
    additionalModules: [
      BpmnPropertiesPanelModule,
      BpmnPropertiesProviderModule,
      CamundaPlatformPropertiesProviderModule,
      ElementTemplatesPropertiesProviderModule,
      ElementTemplateChooserModule,
      SubsetModule,
      EngineSubsetPanelModule,
      ...lintModules,
      ...translateModule(config.culture),
    ],
    moddleExtensions: { camunda: camundaModdle, pf: pfModdle },
    pfRoles: config.roles,
    elementTemplates: templates,
    linting,
  });

  const get = <T>(name: string): T => modeler.get(name) as T;
  (window as unknown as { pfModeler: Modeler }).pfModeler = modeler; // for diagnostics in the browser console
  translateNestedListButtons(document.getElementById('properties')!, get<(text: string) => string>('translate'));
  const problems = new ProblemView(
    get<Canvas>('canvas'),
    get<Overlays>('overlays'),
    get<ElementRegistry>('elementRegistry'),
    document.getElementById('problems')!,
    config.text.noProblems,
  );
  new Catalogue(modeler, document.getElementById('catalogue')!, templates, config.text.catalogueEmpty);

  let resourceName = config.resourceName ?? 'process.bpmn';
  let check = 0;

  async function validate(): Promise<Problem[]> {
    const mine = ++check;
    const { xml } = await modeler.saveXML({ format: true });
    const result = await server.validate(xml!);
    if (mine === check) {
      problems.show(result.problems);
    }
    document.body.dataset.validated = String(mine);
    return result.problems;
  }

  // A template the library refuses (schema) would silently vanish from the catalogue: say so instead.
  get<EventBus>('eventBus').on('elementTemplates.errors', event => {
    const errors = (event as { errors: Error[] }).errors;
    const box = document.getElementById('template-errors')!;
    box.textContent = `${config.text.templateErrors} ${errors.map(e => e.message).join('; ')}`;
    box.hidden = false;
  });

  let timer: number | undefined;
  get<EventBus>('eventBus').on('commandStack.changed', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void validate().catch(e => say(String(e), 'error')), 400);
  });

  async function open(xml: string): Promise<void> {
    try {
      const { warnings } = await modeler.importXML(xml);
      get<Canvas>('canvas').zoom('fit-viewport');
      say(warnings.length ? `${config.text.importWarnings} ${warnings.length}` : config.text.ready, warnings.length ? 'error' : 'info');
    } catch (e) {
      say(`${config.text.importFailed} ${(e as Error).message}`, 'error');
      return;
    }
    await validate();
  }

  document.getElementById('deploy')!.addEventListener('click', async () => {
    say(config.text.deploying);
    const { xml } = await modeler.saveXML({ format: true });
    const result = await server.deploy(xml!, resourceName);
    if (result.ok) {
      const first = result.deployed[0];
      if (!first) {
        say(config.text.nothingDeployed, 'error');
        return;
      }
      say(`${config.text.deployed} ${first.key} v${first.version}`, 'ok');
      window.location.assign(`${config.designerUrl}/${encodeURIComponent(first.id)}`);
      return;
    }
    problems.show(result.problems);
    say(result.message, 'error');
  });

  document.getElementById('simulate')!.addEventListener('click', async () => {
    const simStatus = document.getElementById('sim-status')!;
    const number = (id: string) => Number((document.getElementById(id) as HTMLInputElement).value);
    simStatus.textContent = config.text.simulating;
    simStatus.className = 'pf-status pf-status-info';
    document.body.dataset.simulated = 'running';
    try {
      const { xml } = await modeler.saveXML({ format: true });
      const result = await simulate(config.simulateUrl, xml!, { instances: number('sim-instances'), days: number('sim-days'), seed: number('sim-seed') });
      renderReports(document.getElementById('sim-report')!, result, config.text);
      simStatus.textContent = config.text.simulated;
      simStatus.className = 'pf-status pf-status-ok';
    } catch (e) {
      simStatus.textContent = `${config.text.simFailed} ${(e as Error).message}`;
      simStatus.className = 'pf-status pf-status-error';
    }
    document.body.dataset.simulated = 'done';
  });

  document.getElementById('download')!.addEventListener('click', async () => {
    const { xml } = await modeler.saveXML({ format: true });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([xml!], { type: 'application/xml' }));
    link.download = resourceName;
    link.click();
    URL.revokeObjectURL(link.href);
  });

  const upload = document.getElementById('upload') as HTMLInputElement;
  upload.addEventListener('change', async () => {
    const file = upload.files?.[0];
    if (!file) {
      return;
    }
    resourceName = file.name;
    await open(await file.text());
    upload.value = '';
  });

  await open(config.xml ?? newDiagram());
  document.body.dataset.designerReady = 'true';
}

start().catch(e => say(String(e), 'error'));
