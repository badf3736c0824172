/** A small modal dialog that asks for one value (an amount, a bank reference, a reason) and acts on it. */

import { field, h } from './dom.js';
import { currentLanguage, t } from './i18n.js';

/**
 * @typedef {{ title: string, intro: string, label: string, hint?: string, placeholder?: string,
 *   inputmode?: 'text' | 'decimal', required?: boolean, confirmText: string, danger?: boolean, testid: string,
 *   onInput?: () => void, onSubmit: (value: string) => Promise<void> }} Prompt
 *   `onSubmit` acts on the value: the dialog closes when it resolves, and shows its error and stays
 *   open for another try when it throws; `onInput` hears every edit of the value
 */

/**
 * Opens the dialog at once; it removes itself when closed.
 * @param {Prompt} prompt
 */
export function openPrompt({
  title,
  intro,
  label,
  hint,
  placeholder = '',
  inputmode = 'text',
  required = false,
  confirmText,
  danger = false,
  testid,
  onInput,
  onSubmit,
}) {
  const input = /** @type {HTMLInputElement} */ (
    h('input', { type: 'text', inputmode, placeholder, autocomplete: 'off', 'data-testid': `${testid}-input` })
  );
  if (onInput) input.addEventListener('input', onInput);
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true, 'data-testid': `${testid}-error` });
  const submit = /** @type {HTMLButtonElement} */ (
    h(
      'button',
      { type: 'submit', class: `btn ${danger ? 'btn-danger' : 'btn-primary'}`, 'data-testid': `${testid}-submit` },
      confirmText,
    )
  );
  const cancel = /** @type {HTMLButtonElement} */ (
    h('button', { type: 'button', class: 'btn btn-ghost', onclick: () => dialog.close() }, t('common.cancel'))
  );
  const close = /** @type {HTMLButtonElement} */ (
    h(
      'button',
      { type: 'button', class: 'icon-btn', 'aria-label': t('common.close'), onclick: () => dialog.close() },
      '✕',
    )
  );
  let busy = false;

  /** @param {boolean} on */
  function setBusy(on) {
    busy = on;
    for (const button of [submit, cancel, close]) button.disabled = on;
  }

  /** @param {SubmitEvent} event */
  async function send(event) {
    event.preventDefault();
    error.hidden = true;
    if (required && !input.value.trim()) {
      error.textContent = t('common.enterField', {
        field: currentLanguage() === 'en' ? label.replace(/^./, (c) => c.toLowerCase()) : label,
      });
      error.hidden = false;
      return;
    }
    setBusy(true);
    try {
      await onSubmit(input.value);
      setBusy(false);
      dialog.close();
    } catch (e) {
      error.textContent = /** @type {Error} */ (e).message;
      error.hidden = false;
      setBusy(false);
    }
  }

  const titleId = `${testid}-title`;
  const dialog = /** @type {HTMLDialogElement} */ (
    h(
      'dialog',
      { class: 'sheet prompt-sheet', 'aria-labelledby': titleId, 'data-testid': testid },
      h(
        'form',
        { class: 'stack', onsubmit: send },
        h('header', { class: 'sheet-head' }, h('h2', { id: titleId }, title), close),
        h('p', { class: 'prompt-intro' }, intro),
        field(label, input, hint),
        error,
        h('div', { class: 'actions' }, cancel, submit),
      ),
    )
  );
  // Escape closes the dialog, except while it is acting.
  dialog.addEventListener('cancel', (event) => {
    if (busy) event.preventDefault();
  });
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  input.focus();
}
