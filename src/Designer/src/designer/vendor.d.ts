// Packages that ship no type declarations. Their services are reached through the small
// interfaces in services.ts, so `unknown` module shapes are enough here.
declare module 'bpmn-js-properties-panel' {
  export const BpmnPropertiesPanelModule: Record<string, unknown>;
  export const BpmnPropertiesProviderModule: Record<string, unknown>;
  export const CamundaPlatformPropertiesProviderModule: Record<string, unknown>;
  export function useService(name: string, strict?: boolean): unknown;
}
// The panel's entry components, called as functions inside our own entry components (as the Camunda provider does).
declare module '@bpmn-io/properties-panel' {
  export function TextFieldEntry(props: Record<string, unknown>): unknown;
  export function CheckboxEntry(props: Record<string, unknown>): unknown;
  export function SelectEntry(props: Record<string, unknown>): unknown;
  export function TextAreaEntry(props: Record<string, unknown>): unknown;
  export function isSelectEntryEdited(node: unknown): boolean;
  export function isTextAreaEntryEdited(node: unknown): boolean;
  export function isTextFieldEntryEdited(node: unknown): boolean;
  export function isCheckboxEntryEdited(node: unknown): boolean;
}
declare module 'bpmn-js-element-templates' {
  export const ElementTemplatesPropertiesProviderModule: Record<string, unknown>;
}
declare module '@bpmn-io/element-template-chooser' {
  const module: Record<string, unknown>;
  export default module;
}
declare module 'bpmn-js-i18n/translations/zn' {
  const translations: Record<string, string>;
  export default translations;
}
declare module '*.css';
declare module 'bpmn-js-bpmnlint' {
  const module: Record<string, unknown>;
  export default module;
}
declare module 'bpmnlint/rules/*' {
  const rule: unknown;
  export default rule;
}
