/**
 * How text is indexed and terms are matched: by words, a query term matching every word it begins
 * (so a Korean stem finds the noun whatever particle follows: "햄릿" finds "햄릿은", "햄릿을"). Han,
 * Hiragana and Katakana are written without spaces: there each character is a word of its own, and a
 * term matches such a run anywhere in it, as a substring. A word index is a few times smaller and faster
 * to build than a trigram index, and its postings are what BM25 ranks (see store/chunks.ts).
 */
const SPACELESS = String.raw`\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}`;
const SPACELESS_CHAR = new RegExp(`[${SPACELESS}]`, 'gu');
const STARTS_SPACELESS = new RegExp(`^[${SPACELESS}]`, 'u');
const ENDS_SPACELESS = new RegExp(`[${SPACELESS}]$`, 'u');

/** The FTS5 tokenizer of the index: words of letters, digits and marks, case folded, accents kept. */
export const WORD_TOKENIZER = `unicode61 remove_diacritics 0 categories 'L* N* Co M*'`;

/** The text the index is given for a chunk: spaceless scripts split into one word per character. */
export const indexedText = (text: string) => text.replace(SPACELESS_CHAR, ' $& ');

/**
 * The FTS5 query for a term (letters, digits and marks only, so nothing needs quoting): the phrase of
 * its words, the last one a prefix unless it is a character of a spaceless script (a whole word).
 */
export function matchQuery(term: string): string {
  const phrase = `"${indexedText(term).trim().split(/\s+/).join(' ')}"`;
  return ENDS_SPACELESS.test(term) ? phrase : `${phrase} *`;
}

/**
 * Counts a term in lower-cased text as the index matches it: where a word starts (or anywhere, if the
 * term starts with a character of a spaceless script, which is a word of its own).
 */
export function occurrenceCounter(term: string): (lowerText: string) => number {
  const start = STARTS_SPACELESS.test(term) ? '' : String.raw`(?<![[\p{L}\p{N}\p{M}\p{Co}]--[${SPACELESS}]])`;
  const pattern = new RegExp(start + term, 'gv');
  return (lowerText) => lowerText.match(pattern)?.length ?? 0;
}
