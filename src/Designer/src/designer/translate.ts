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

/**
 * The properties panel's nested lists (a form field's values, constraints and properties) draw their "Create" button
 * with the translate they are handed, and the Camunda provider hands them none, so it stays English. The label is
 * put into the page's language after each drawing (preact leaves a text it did not change alone).
 */
export function translateNestedListButtons(panel: HTMLElement, translate: (text: string) => string): void {
  const label = translate('Create');
  if (label === 'Create') {
    return;
  }
  const fix = (): void => {
    for (const span of panel.querySelectorAll('.bio-properties-panel-add-entry-label')) {
      if (span.textContent === 'Create') {
        span.textContent = label;
      }
    }
  };
  new MutationObserver(fix).observe(panel, { childList: true, subtree: true, characterData: true });
  fix();
}
