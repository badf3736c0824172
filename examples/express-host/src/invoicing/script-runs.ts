/*
 * Splits a line of text into runs of one script, so that each run can be set
 * in a font that has its glyphs: DejaVu Sans has Latin, digits and the rupee
 * sign but no Devanagari; Noto Sans Devanagari has Devanagari. A name such as
 * "राहुल शर्मा" stays one run (the space between its words joins it), so the
 * font shapes the whole name: conjuncts (क्ष) and the reordered ि matra.
 */

/** Which of the document's fonts sets a run. */
export type Script = 'latin' | 'devanagari';

/** A piece of a line in one script. */
export interface ScriptRun {
  readonly script: Script;
  readonly text: string;
}

// The Devanagari and Devanagari Extended blocks, the Vedic extensions, and the
// zero-width (non-)joiners that shape a conjunct inside a Devanagari word.
const DEVANAGARI = /[\u0900-\u097F\uA8E0-\uA8FF\u1CD0-\u1CFF\u200C\u200D]/u;
// Spaces and punctuation read the same in either font: they join the run before them.
const NEUTRAL = /[\s.,:;'"()\-/]/u;

function scriptOf(char: string): Script | null {
  if (DEVANAGARI.test(char)) return 'devanagari';
  return NEUTRAL.test(char) ? null : 'latin';
}

/**
 * The runs of `text`, in reading order; neutral characters belong to the run
 * before them (or, at the start of the line, to the first run).
 *
 * @example
 * ```ts
 * scriptRuns('Consultation with राहुल शर्मा: 12:05');
 * // [{ script: 'latin', text: 'Consultation with ' },
 * //  { script: 'devanagari', text: 'राहुल शर्मा: ' }, { script: 'latin', text: '12:05' }]
 * ```
 */
export function scriptRuns(text: string): ScriptRun[] {
  const runs: { script: Script | null; text: string }[] = [];
  for (const char of text) {
    const script = scriptOf(char);
    const last = runs.at(-1);
    if (last && (script === null || script === last.script || last.script === null)) {
      last.text += char;
      last.script ??= script;
    } else {
      runs.push({ script, text: char });
    }
  }
  return runs.map((run) => ({ script: run.script ?? 'latin', text: run.text }));
}
