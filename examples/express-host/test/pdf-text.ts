import { extractText, getDocumentProxy } from 'unpdf';

/** The text of every page of a PDF, as a reader would copy it (pdf.js through `unpdf`). */
export async function pdfText(pdf: Uint8Array): Promise<string> {
  const document = await getDocumentProxy(new Uint8Array(pdf));
  const { text } = await extractText(document, { mergePages: true });
  return text;
}

/** A downloaded response: status, headers and body bytes. */
export interface Downloaded {
  readonly status: number;
  readonly headers: Headers;
  readonly bytes: Uint8Array;
}

/** Downloads a PDF with the bearer `token`: its status, headers and bytes. */
export async function download(url: string, token?: string): Promise<Downloaded> {
  const response = await fetch(url, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  return { status: response.status, headers: response.headers, bytes: new Uint8Array(await response.arrayBuffer()) };
}
