/**
 * The consultant's profile editor: bio, experience, specialities, languages, photo, rates per service, time zone
 * and weekly hours. A new rate applies to consultations requested after it is saved; one in progress keeps its rate.
 */

import { api } from '../../api.js';
import { field, h, toast } from '../../dom.js';
import { formatMoney, parseRupees, serviceLabel } from '../../format.js';
import { t } from '../../i18n.js';
import { createWeeklyHours } from './weekly-hours.js';

/** @typedef {'chat' | 'voice' | 'video'} Service */
/**
 * @typedef {{ status: 'pending' | 'approved' | 'rejected' | 'suspended', statusReason: string | null, online: boolean,
 *   bio: string, experienceYears: number, specialities: string[], languages: string[], photoUrl: string | null,
 *   rates: Partial<Record<Service, number>>, timeZone: string, schedule: { day: number, from: string, to: string }[] }} Profile
 */

const SERVICES = /** @type {const} */ (['chat', 'voice', 'video']);
/** A service's name mid-sentence: "chat", "voice call". @param {Service} service */
const serviceName = (service) => serviceLabel(service).toLowerCase();

/** Every time zone this browser knows, for the picker (the server checks the same IANA names). */
function timeZones() {
  const intl = /** @type {{ supportedValuesOf?: (key: string) => string[] }} */ (Intl);
  return intl.supportedValuesOf?.('timeZone') ?? ['Asia/Kolkata', 'UTC'];
}

/** @param {string} text */
const list = (text) =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

/**
 * A refusal from the server, as a sentence with the next step. The server names the field it refused.
 * @param {import('../../api.js').ApiError} error
 */
function sentenceFor(error) {
  const fieldName = error.field ?? '';
  const service = /** @type {Service | undefined} */ (SERVICES.find((s) => fieldName === `rates.${s}`));
  if (service) {
    // The bound is read from the host's own text, which stays English whatever the page's language.
    const bound = /(at least|at most) (\d+) paise/.exec(error.serverText ?? error.message);
    if (!bound) return t('profile.rateWhole', { service: serviceName(service) });
    const vars = { service: serviceName(service), money: formatMoney(Number(bound[2])) };
    return bound[1] === 'at least' ? t('profile.rateAtLeast', vars) : t('profile.rateAtMost', vars);
  }
  if (fieldName === 'rates') return t('profile.noService');
  if (fieldName === 'photoUrl') return t('profile.photoInvalid');
  if (fieldName === 'timeZone') return t('profile.zoneInvalid');
  if (fieldName.startsWith('schedule')) return t('profile.hoursInvalid');
  if (fieldName === 'bio') return t('profile.bioTooLong');
  if (fieldName === 'experienceYears') return t('profile.yearsInvalid');
  if (fieldName.startsWith('specialities') || fieldName.startsWith('languages')) return t('profile.listsInvalid');
  if (error.code === 'NETWORK') return t('profile.network');
  return t('profile.saveFailed');
}

/** @param {{ onSaved: (profile: Profile) => void }} deps */
export function createProfileEditor({ onSaved }) {
  const input = (/** @type {Record<string, unknown>} */ attrs) => /** @type {HTMLInputElement} */ (h('input', attrs));
  const photo = input({
    id: 'profile-photo',
    type: 'url',
    maxlength: 500,
    placeholder: 'https://…',
    'data-testid': 'profile-photo',
  });
  const bio = /** @type {HTMLTextAreaElement} */ (
    h('textarea', { id: 'profile-bio', rows: 4, maxlength: 2000, 'data-testid': 'profile-bio' })
  );
  const experience = input({
    id: 'profile-experience',
    type: 'number',
    min: 0,
    max: 80,
    step: 1,
    'data-testid': 'profile-experience',
  });
  const specialities = input({
    id: 'profile-specialities',
    type: 'text',
    placeholder: t('profile.specialitiesPlaceholder'),
    'data-testid': 'profile-specialities',
  });
  const languages = input({
    id: 'profile-languages',
    type: 'text',
    placeholder: t('profile.languagesPlaceholder'),
    'data-testid': 'profile-languages',
  });
  const rates = Object.fromEntries(
    SERVICES.map((s) => [
      s,
      input({
        id: `profile-rate-${s}`,
        type: 'text',
        inputmode: 'decimal',
        placeholder: t('profile.off'),
        'data-testid': `profile-rate-${s}`,
      }),
    ]),
  );
  const zone = /** @type {HTMLSelectElement} */ (
    h(
      'select',
      { id: 'profile-timezone', 'data-testid': 'profile-timezone' },
      timeZones().map((z) => h('option', { value: z }, z)),
    )
  );
  const hours = createWeeklyHours();
  const error = h('p', { class: 'form-error', role: 'alert', 'data-testid': 'profile-error', hidden: true });
  const save = h(
    'button',
    { type: 'submit', class: 'btn btn-primary', 'data-testid': 'profile-save' },
    t('profile.save'),
  );

  const el = h(
    'section',
    { class: 'card profile-editor', 'data-testid': 'profile-editor', 'aria-labelledby': 'profile-title' },
    h('h2', { id: 'profile-title' }, t('profile.title')),
    h(
      'form',
      { class: 'stack', novalidate: true, onsubmit: submit },
      h(
        'div',
        { class: 'profile-grid' },
        field(t('profile.photo'), photo, t('profile.photoHint')),
        field(t('profile.years'), experience),
        field(t('profile.specialities'), specialities, t('profile.commas')),
        field(t('profile.languages'), languages, t('profile.commas')),
      ),
      field(t('profile.bio'), bio, t('profile.bioHint')),
      h(
        'fieldset',
        { class: 'profile-rates' },
        h('legend', {}, t('profile.rates')),
        h('div', { class: 'profile-rate-row' }, ...SERVICES.map((s) => field(t(`profile.service.${s}`), rates[s]))),
        h('p', { class: 'hint' }, t('profile.ratesHint')),
      ),
      field(t('profile.zone'), zone, t('profile.zoneHint')),
      hours.el,
      error,
      h('div', { class: 'row-between' }, save),
    ),
  );

  /** @param {Profile} p */
  function fill(p) {
    photo.value = p.photoUrl ?? '';
    bio.value = p.bio;
    experience.value = String(p.experienceYears);
    specialities.value = p.specialities.join(', ');
    languages.value = p.languages.join(', ');
    for (const s of SERVICES) {
      const rate = p.rates[s];
      rates[s].value = rate === undefined ? '' : (rate / 100).toFixed(2);
    }
    if (![...zone.options].some((o) => o.value === p.timeZone))
      zone.append(h('option', { value: p.timeZone }, p.timeZone));
    zone.value = p.timeZone;
    hours.set(p.schedule);
  }

  /** @param {string} text */
  function showError(text) {
    error.textContent = text;
    error.hidden = false;
  }

  /** @param {Event} event */
  async function submit(event) {
    event.preventDefault();
    error.hidden = true;
    /** @type {Partial<Record<Service, number>>} */
    const priced = {};
    for (const s of SERVICES) {
      const text = rates[s].value.trim();
      if (!text) continue;
      const paise = parseRupees(text);
      if (paise === null) return showError(t('profile.rateRupees', { service: serviceName(s) }));
      priced[s] = paise;
    }
    const years = Number(experience.value || '0');
    if (!Number.isInteger(years)) return showError(t('profile.yearsInvalid'));
    save.setAttribute('disabled', '');
    try {
      const saved = /** @type {Profile} */ (
        await api.saveProfile({
          bio: bio.value.trim(),
          experienceYears: years,
          specialities: list(specialities.value),
          languages: list(languages.value),
          photoUrl: photo.value.trim() || null,
          rates: priced,
          timeZone: zone.value,
          schedule: hours.value(),
        })
      );
      fill(saved);
      onSaved(saved);
      toast(t('profile.saved'), 'success');
    } catch (e) {
      showError(sentenceFor(/** @type {import('../../api.js').ApiError} */ (e)));
    } finally {
      save.removeAttribute('disabled');
    }
  }

  return {
    el,
    /** Reads the profile from the server and fills the form; hands it to `onSaved` too, for the approval notice. */
    async update() {
      try {
        const profile = /** @type {Profile} */ (await api.myProfile());
        fill(profile);
        onSaved(profile);
      } catch {
        showError(t('profile.loadFailed'));
      }
    },
  };
}
