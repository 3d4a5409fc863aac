// Chinese labels for bpmn-js (palette, context pad, menus, properties panel) from Camunda's community
// translations (bpmn-js-i18n, file zn.js); English is bpmn-js's own text.
import zh from 'bpmn-js-i18n/translations/zn';

type Replacements = Record<string, string> | undefined;

function translateWith(table: Record<string, string>) {
  return (template: string, replacements: Replacements) => {
    const text = table[template] ?? template;
    return text.replace(/{([^}]+)}/g, (_, key: string) => replacements?.[key] ?? `{${key}}`);
  };
}

export function translateModule(culture: string): Record<string, unknown>[] {
  if (!culture.toLowerCase().startsWith('zh')) {
    return [];
  }
  return [{ translate: ['value', translateWith(zh)] }];
}
