import { createRequire } from 'node:module';
import type PDFDocument from 'pdfkit';
import { type Script, scriptRuns } from './script-runs.js';

/*
 * The fonts of a tax document, embedded and subset by pdfkit. DejaVu Sans (from
 * `dejavu-fonts-ttf`) sets Latin, digits and the rupee sign (U+20B9), which
 * pdfkit's built-in PDF fonts lack; Noto Sans Devanagari (the TrueType files of
 * `@expo-google-fonts/noto-sans-devanagari`, with the OpenType layout tables
 * that fontkit shapes Devanagari with) sets Hindi names and addresses. Each run
 * of a line gets the font of its script, so a mixed line prints whole.
 */

const requireFont = createRequire(import.meta.url);
const NOTO = '@expo-google-fonts/noto-sans-devanagari';

/** The weight a piece of text is set in. */
export type Weight = 'regular' | 'bold';

const FONTS: Record<Weight, Record<Script, string>> = {
  regular: {
    latin: requireFont.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
    devanagari: requireFont.resolve(`${NOTO}/400Regular/NotoSansDevanagari_400Regular.ttf`),
  },
  bold: {
    latin: requireFont.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
    devanagari: requireFont.resolve(`${NOTO}/700Bold/NotoSansDevanagari_700Bold.ttf`),
  },
};

/** The font a document starts in: DejaVu Sans. */
export const DEFAULT_FONT = FONTS.regular.latin;

type Doc = InstanceType<typeof PDFDocument>;

/**
 * Writes `text` at (`x`, `y`) as one paragraph, each script run in its font;
 * the runs wrap together within `options.width`. Leaves `doc.y` below the paragraph.
 */
export function writeText(
  doc: Doc,
  text: string,
  x: number,
  y: number,
  weight: Weight,
  options: PDFKit.Mixins.TextOptions = {},
): void {
  const runs = scriptRuns(text);
  if (runs.length === 0) return;
  runs.forEach((run, index) => {
    const last = index === runs.length - 1;
    const devanagari = run.script === 'devanagari';
    // The glyphs of a shaped Devanagari run are in visual order (the ि matra
    // before its consonant, the reph after its syllable); the span's ActualText
    // gives a reader who copies or searches the text its logical order.
    if (devanagari) doc.markContent('Span', { actual: run.text, lang: 'hi' });
    doc.font(FONTS[weight][run.script]);
    if (index === 0) doc.text(run.text, x, y, { ...options, continued: !last });
    else doc.text(run.text, { continued: !last });
    if (devanagari) doc.endMarkedContent();
  });
  doc.font(FONTS[weight].latin);
}

/** Selects the Latin font of `weight`, for text known to hold no Devanagari (labels, amounts). */
export function latinFont(doc: Doc, weight: Weight): Doc {
  return doc.font(FONTS[weight].latin);
}
