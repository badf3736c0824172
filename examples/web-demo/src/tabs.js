/** A tab bar with one panel per tab (WAI-ARIA tabs: only the selected tab is in the tab order). */

import { h } from './dom.js';

/**
 * Tabs and their (empty) panels; fill `panels[id]`, then place `tablist` and the panels.
 * @param {Array<{ id: string, label: string }>} tabs
 * @param {(id: string) => void} onSelect hears every selection, the first one included
 */
export function createTabs(tabs, onSelect) {
  /** @type {Record<string, HTMLElement>} */
  const panels = {};
  /** @type {Record<string, HTMLElement>} */
  const buttons = {};
  const tablist = h('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Sections' });
  for (const t of tabs) {
    buttons[t.id] = h(
      'button',
      {
        type: 'button',
        role: 'tab',
        id: `tab-${t.id}`,
        class: 'tab',
        'aria-controls': `panel-${t.id}`,
        'data-testid': `tab-${t.id}`,
        onclick: () => select(t.id),
      },
      t.label,
    );
    tablist.append(buttons[t.id]);
    panels[t.id] = h('section', {
      id: `panel-${t.id}`,
      role: 'tabpanel',
      'aria-labelledby': `tab-${t.id}`,
      class: 'panel',
    });
  }

  /** @param {string} id */
  function select(id) {
    for (const t of tabs) {
      const selected = t.id === id;
      buttons[t.id].setAttribute('aria-selected', String(selected));
      buttons[t.id].tabIndex = selected ? 0 : -1;
      panels[t.id].hidden = !selected;
    }
    onSelect(id);
  }

  return { tablist, panels, select };
}
