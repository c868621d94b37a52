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

/**
 * Every UTF-16 code unit that a character of a spaceless script begins with, and some more: a scan for
 * these is a few times faster than for the scripts themselves, and spares that scan to most text
 * (Korean, English), where no character is found (it was a tenth of indexing's time).
 */
const MAY_BE_SPACELESS = /[\u2E80-\u9FFF\uF900-\uFAFF\uFF66-\uFF9D\uD81B\uD82B\uD82C\uD83C\uD840-\uD88D]/;

/** The text the index is given for a chunk: spaceless scripts split into one word per character. */
export const indexedText = (text: string) => (MAY_BE_SPACELESS.test(text) ? text.replace(SPACELESS_CHAR, ' $& ') : text);

/**
 * The FTS5 query for a term (letters, digits and marks only, so nothing needs quoting): the phrase of
 * its words, the last one a prefix unless it is a character of a spaceless script (a whole word).
 */
export function matchQuery(term: string): string {
  const phrase = `"${indexedText(term).trim().split(/\s+/).join(' ')}"`;
  return ENDS_SPACELESS.test(term) ? phrase : `${phrase} *`;
}

/** A letter, digit or mark that is not a word of its own: a word goes on across it. */
const ENDS_IN_WORD = new RegExp(String.raw`[[\p{L}\p{N}\p{M}\p{Co}]--[${SPACELESS}]]$`, 'v');

/**
 * Counts a term in lower-cased text as the index matches it: where a word starts (or anywhere, if the
 * term starts with a character of a spaceless script, which is a word of its own). A search for the
 * term and a look at the character before each find: candidates are long, finds few.
 */
export function occurrenceCounter(term: string): (lowerText: string) => number {
  const anywhere = STARTS_SPACELESS.test(term);
  return (lowerText) => {
    let count = 0;
    for (let at = lowerText.indexOf(term); at !== -1; at = lowerText.indexOf(term, at + term.length)) {
      // Two code units: the character before may be outside the BMP.
      if (anywhere || !ENDS_IN_WORD.test(lowerText.slice(Math.max(0, at - 2), at))) count++;
    }
    return count;
  };
}
