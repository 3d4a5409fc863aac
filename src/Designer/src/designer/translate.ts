// Chinese labels for bpmn-js (palette, context pad, menus) from Camunda's community translations
// (bpmn-js-i18n, file zn.js), and for the properties-panel entries we show from our own dictionary
// (panel-zh.ts); English is bpmn-js's own text.
import zh from 'bpmn-js-i18n/translations/zn';
import { panelZh } from './panel-zh';

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
  return [{ translate: ['value', translateWith({ ...zh, ...panelZh })] }];
}
