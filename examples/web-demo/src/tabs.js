/** A tab bar with one panel per tab (WAI-ARIA tabs: only the selected tab is in the tab order). */

import { h } from './dom.js';
import { t } from './i18n.js';

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
  const tablist = h('div', { class: 'tabs', role: 'tablist', 'aria-label': t('tabs.label') });
  for (const tab of tabs) {
    buttons[tab.id] = h(
      'button',
      {
        type: 'button',
        role: 'tab',
        id: `tab-${tab.id}`,
        class: 'tab',
        'aria-controls': `panel-${tab.id}`,
        'data-testid': `tab-${tab.id}`,
        onclick: () => select(tab.id),
      },
      tab.label,
    );
    tablist.append(buttons[tab.id]);
    panels[tab.id] = h('section', {
      id: `panel-${tab.id}`,
      role: 'tabpanel',
      'aria-labelledby': `tab-${tab.id}`,
      class: 'panel',
    });
  }

  /** @param {string} id */
  function select(id) {
    for (const tab of tabs) {
      const selected = tab.id === id;
      buttons[tab.id].setAttribute('aria-selected', String(selected));
      buttons[tab.id].tabIndex = selected ? 0 : -1;
      panels[tab.id].hidden = !selected;
    }
    onSelect(id);
  }

  return { tablist, panels, select };
}
