import { extname } from 'node:path';

/** Why a file cannot be indexed: the `last_error` a vector-store file ends with. */
export interface FileProblem {
  code: 'unsupported_file' | 'invalid_file';
  message: string;
}

/** What text extraction got out of an uploaded file. */
export type Extraction = { text: string } | { error: FileProblem };

/**
 * The text formats file_search reads (the real service's list, less docx/pptx/doc, which this mock
 * does not parse and reports as unsupported). The type is chosen by extension, as the service does.
 */
const PLAIN_TEXT = new Set([
  'txt', 'md', 'markdown', 'json', 'csv', 'tsv', 'xml', 'yaml', 'yml',
  'c', 'cpp', 'h', 'cs', 'css', 'go', 'java', 'js', 'mjs', 'ts', 'py', 'rb', 'php', 'sh', 'tex',
]);
const HTML = new Set(['html', 'htm']);

const UNSUPPORTED: FileProblem = { code: 'unsupported_file', message: 'The file type is not supported.' };
const NOT_UTF8: FileProblem = { code: 'invalid_file', message: 'The file could not be parsed: it is not valid UTF-8 text.' };
const UNREADABLE_PDF: FileProblem = { code: 'invalid_file', message: 'The file could not be parsed: it is not a readable PDF.' };
const NO_TEXT: FileProblem = { code: 'invalid_file', message: 'The file could not be parsed: it contains no text.' };

/** Extracts the searchable text of an upload; never throws (a bad file is an `error`, not a crash). */
export async function extractText(filename: string, bytes: Uint8Array): Promise<Extraction> {
  const extension = extname(filename).slice(1).toLowerCase();
  let extraction: Extraction;
  if (extension === 'pdf') extraction = await pdfText(bytes);
  else if (PLAIN_TEXT.has(extension)) extraction = utf8Text(bytes);
  else if (HTML.has(extension)) {
    const decoded = utf8Text(bytes);
    extraction = 'text' in decoded ? { text: htmlToText(decoded.text) } : decoded;
  } else extraction = { error: UNSUPPORTED };
  if ('text' in extraction && extraction.text.trim() === '') return { error: NO_TEXT };
  return extraction;
}

function utf8Text(bytes: Uint8Array): Extraction {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes) };
  } catch {
    return { error: NOT_UTF8 };
  }
}

/** PDF text through PDF.js (pure JS, offline); fonts with a ToUnicode map give correct Hangul/CJK. */
async function pdfText(bytes: Uint8Array): Promise<Extraction> {
  try {
    const { getDocumentProxy, extractText: pdfPages } = await import('unpdf');
    // PDF.js takes ownership of the buffer it is given: hand it a copy.
    const document = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
    try {
      const { text } = await pdfPages(document, { mergePages: false });
      return { text: text.join('\n\n') };
    } finally {
      await document.destroy();
    }
  } catch {
    return { error: UNREADABLE_PDF };
  }
}

/** A Map, so that `&constructor;` is an unknown entity rather than an object property. */
const ENTITIES = new Map(Object.entries({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' }));

/** Visible text of an HTML page: no scripts, styles or tags; block ends become line breaks. */
function htmlToText(html: string): string {
  return html
    .replace(/<(script|style|noscript)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<\/?(p|div|br|li|tr|h[1-6]|section|article|header|footer|table|ul|ol|pre|blockquote)\b[^>]*>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name[0] === '#') {
        const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
      }
      return ENTITIES.get(name.toLowerCase()) ?? whole;
    })
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
