/**
 * The consultant's profile editor: bio, experience, specialities, languages, photo, rates per service, time zone
 * and weekly hours. A new rate applies to consultations requested after it is saved; one in progress keeps its rate.
 */

import { api } from '../../api.js';
import { field, h, toast } from '../../dom.js';
import { formatMoney, parseRupees } from '../../format.js';
import { createWeeklyHours } from './weekly-hours.js';

/** @typedef {'chat' | 'voice' | 'video'} Service */
/**
 * @typedef {{ status: 'pending' | 'approved' | 'rejected' | 'suspended', statusReason: string | null, online: boolean,
 *   bio: string, experienceYears: number, specialities: string[], languages: string[], photoUrl: string | null,
 *   rates: Partial<Record<Service, number>>, timeZone: string, schedule: { day: number, from: string, to: string }[] }} Profile
 */

const SERVICES = /** @type {const} */ (['chat', 'voice', 'video']);
const SERVICE_NAME = { chat: 'chat', voice: 'voice call', video: 'video call' };

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
    const bound = /(at least|at most) (\d+) paise/.exec(error.message);
    return bound
      ? `Set the ${SERVICE_NAME[service]} rate to ${bound[1]} ${formatMoney(Number(bound[2]))} a minute, then save again.`
      : `Enter the ${SERVICE_NAME[service]} rate in whole paise, e.g. 10 or 12.50 rupees, then save again.`;
  }
  if (fieldName === 'rates') return 'Offer at least one service: set a rate for chat, voice or video, then save again.';
  if (fieldName === 'photoUrl')
    return 'Enter a photo address that starts with https://, or leave it empty, then save again.';
  if (fieldName === 'timeZone') return 'Choose your time zone from the list, then save again.';
  if (fieldName.startsWith('schedule'))
    return 'Check your weekly hours: each working day needs an end time after its start time. Fix it and save again.';
  if (fieldName === 'bio') return 'Shorten your bio to 2,000 characters, then save again.';
  if (fieldName === 'experienceYears') return 'Enter your years of experience as a whole number from 0 to 80.';
  if (fieldName.startsWith('specialities') || fieldName.startsWith('languages'))
    return 'List at most 20 specialities and 20 languages, each a few words long, then save again.';
  if (error.code === 'NETWORK') return 'Cannot reach the server. Check your connection and save again.';
  return 'Your profile could not be saved. Check the fields and try again; if it keeps failing, contact support.';
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
    placeholder: 'Vedic astrology, Tarot',
    'data-testid': 'profile-specialities',
  });
  const languages = input({
    id: 'profile-languages',
    type: 'text',
    placeholder: 'Hindi, English',
    'data-testid': 'profile-languages',
  });
  const rates = Object.fromEntries(
    SERVICES.map((s) => [
      s,
      input({
        id: `profile-rate-${s}`,
        type: 'text',
        inputmode: 'decimal',
        placeholder: 'Off',
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
  const save = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'profile-save' }, 'Save profile');

  const el = h(
    'section',
    { class: 'card profile-editor', 'data-testid': 'profile-editor', 'aria-labelledby': 'profile-title' },
    h('h2', { id: 'profile-title' }, 'Your profile'),
    h(
      'form',
      { class: 'stack', novalidate: true, onsubmit: submit },
      h(
        'div',
        { class: 'profile-grid' },
        field('Photo address', photo, 'A link to your photo, starting with https://.'),
        field('Years of experience', experience),
        field('Specialities', specialities, 'Separate them with commas.'),
        field('Languages', languages, 'Separate them with commas.'),
      ),
      field('About you', bio, 'What users read on your card: up to 2,000 characters.'),
      h(
        'fieldset',
        { class: 'profile-rates' },
        h('legend', {}, 'Rates in rupees a minute'),
        h(
          'div',
          { class: 'profile-rate-row' },
          ...SERVICES.map((s) => field(`${s[0]?.toUpperCase()}${s.slice(1)}`, rates[s])),
        ),
        h(
          'p',
          { class: 'hint' },
          'Leave a service empty (Off) if you do not offer it. A new rate applies to consultations requested after you save; a consultation in progress keeps its rate.',
        ),
      ),
      field('Time zone', zone, 'Your weekly hours are read in this time zone.'),
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
      if (paise === null)
        return showError(`Enter the ${SERVICE_NAME[s]} rate in rupees, e.g. 10 or 12.50, or leave it empty.`);
      priced[s] = paise;
    }
    const years = Number(experience.value || '0');
    if (!Number.isInteger(years)) return showError('Enter your years of experience as a whole number from 0 to 80.');
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
      toast('Profile saved. New rates apply to consultations requested from now on.', 'success');
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
        showError('Your profile could not be loaded. Reload the page; if it keeps failing, contact support.');
      }
    },
  };
}
