// Keeps the modeler's "change type" menu to what the PropertyFlow engine executes (docs/bpmn-subset.md):
// constructs the engine refuses at deploy (compensation, transactions, ad-hoc sub-processes, conditional
// and complex constructs, standard loops) are not offered. Files that already contain them still open;
// the engine's validator then marks them on the diagram.
import type { PopupMenu, PopupMenuEntry } from './services';

const refused = [/complex/i, /transaction/i, /compensat/i, /conditional/i, /ad-?hoc/i, /toggle-loop/i, /business-rule/i, /cancel/i];

export function isOffered(id: string): boolean {
  return !refused.some(r => r.test(id));
}

type Entries = Record<string, PopupMenuEntry>;

class SubsetMenuFilter {
  static $inject = ['popupMenu'];

  constructor(popupMenu: PopupMenu) {
    // Low priority: runs after bpmn-js's own providers added their entries.
    popupMenu.registerProvider('bpmn-replace', 100, this);
  }

  getPopupMenuEntries() {
    return (entries: Entries) => filter(entries);
  }

  getPopupMenuHeaderEntries() {
    return (entries: Entries) => filter(entries);
  }
}

function filter(entries: Entries): Entries {
  const kept: Entries = {};
  for (const [id, entry] of Object.entries(entries)) {
    if (isOffered(id)) {
      kept[id] = entry;
    }
  }
  return kept;
}

export const SubsetModule = {
  __init__: ['subsetMenuFilter'],
  subsetMenuFilter: ['type', SubsetMenuFilter],
};
