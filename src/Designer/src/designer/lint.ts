// Live lint in the page (bpmn-js-bpmnlint): bpmnlint's own rules that matter for PropertyFlow, plus two
// rules of ours that mirror the engine's subset (docs/bpmn-subset.md). It answers as the manager draws,
// without a round trip; the engine's check (problems.ts) stays the authority that deploy uses.
import lintModule from 'bpmn-js-bpmnlint';
import conditionalFlows from 'bpmnlint/rules/conditional-flows';
import endEventRequired from 'bpmnlint/rules/end-event-required';
import fakeJoin from 'bpmnlint/rules/fake-join';
import labelRequired from 'bpmnlint/rules/label-required';
import noComplexGateway from 'bpmnlint/rules/no-complex-gateway';
import noDisconnected from 'bpmnlint/rules/no-disconnected';
import noDuplicateSequenceFlows from 'bpmnlint/rules/no-duplicate-sequence-flows';
import noImplicitSplit from 'bpmnlint/rules/no-implicit-split';
import startEventRequired from 'bpmnlint/rules/start-event-required';
import superfluousGateway from 'bpmnlint/rules/superfluous-gateway';

interface ModdleElement {
  $type: string;
  $instanceOf?(type: string): boolean;
  get(name: string): unknown;
  id?: string;
}

interface Reporter {
  report(id: string | undefined, message: string): void;
}

type Rule = () => { check(node: ModdleElement, reporter: Reporter): void };

/** Element types and event definitions the engine refuses at deploy. */
const refusedTypes: Record<string, string> = {
  'bpmn:BusinessRuleTask': 'business-rule tasks',
  'bpmn:Transaction': 'transactions',
  'bpmn:AdHocSubProcess': 'ad-hoc sub-processes',
  'bpmn:ComplexGateway': 'complex gateways',
  'bpmn:CompensateEventDefinition': 'compensation events',
  'bpmn:ConditionalEventDefinition': 'conditional events',
  'bpmn:CancelEventDefinition': 'cancel events',
  'bpmn:StandardLoopCharacteristics': 'standard loops',
};

const subset: Rule = () => ({
  check(node, reporter) {
    const what = refusedTypes[node.$type];
    if (what) {
      reporter.report(node.id ?? ownerId(node), `PropertyFlow does not run ${what} (不支持)`);
    }
  },
});

const serviceTaskTopic: Rule = () => ({
  check(node, reporter) {
    if (node.$type !== 'bpmn:ServiceTask' && node.$type !== 'bpmn:SendTask') {
      return;
    }
    if (node.get('camunda:type') !== 'external' || !node.get('camunda:topic')) {
      reporter.report(node.id, 'needs camunda:type="external" and a topic: pick a building block (请选择业务组件)');
    }
  },
});

function ownerId(node: ModdleElement): string | undefined {
  const parent = (node as unknown as { $parent?: ModdleElement }).$parent;
  return parent?.id;
}

const rules: Record<string, Record<string, Rule>> = {
  bpmnlint: {
    'conditional-flows': conditionalFlows as Rule,
    'end-event-required': endEventRequired as Rule,
    'fake-join': fakeJoin as Rule,
    'label-required': labelRequired as Rule,
    'no-complex-gateway': noComplexGateway as Rule,
    'no-disconnected': noDisconnected as Rule,
    'no-duplicate-sequence-flows': noDuplicateSequenceFlows as Rule,
    'no-implicit-split': noImplicitSplit as Rule,
    'start-event-required': startEventRequired as Rule,
    'superfluous-gateway': superfluousGateway as Rule,
  },
  'bpmnlint-plugin-propertyflow': {
    subset,
    'service-task-topic': serviceTaskTopic,
  },
};

/** The rule set: errors where the engine would refuse, warnings where a drawing is likely a mistake. */
export const lintConfig = {
  rules: {
    'conditional-flows': 'error',
    'no-complex-gateway': 'error',
    'start-event-required': 'error',
    'propertyflow/subset': 'error',
    'propertyflow/service-task-topic': 'error',
    'end-event-required': 'warn',
    'fake-join': 'warn',
    'label-required': 'warn',
    'no-disconnected': 'warn',
    'no-duplicate-sequence-flows': 'warn',
    'no-implicit-split': 'warn',
    'superfluous-gateway': 'warn',
  },
};

// bpmnlint's resolver contract: rules by package and name, built into the bundle (no loading at run time).
const resolver = {
  resolveRule(pkg: string, ruleName: string): Rule {
    const rule = rules[pkg]?.[ruleName];
    if (!rule) {
      throw new Error(`unknown lint rule ${pkg}/${ruleName}`);
    }
    return rule;
  },
  resolveConfig(pkg: string, configName: string): never {
    throw new Error(`unknown lint config ${pkg}/${configName}`);
  },
};

export const lintModules = [lintModule];
export const linting = { bpmnlint: { config: lintConfig, resolver }, active: true };
