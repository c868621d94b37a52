/**
 * Korean attaches particles to nouns ("오필리아의", "햄릿을"); a query word keeps its stem so that it
 * matches the noun however the document inflects it. Longest particles first.
 */
const KOREAN_PARTICLES = ['에게서', '에서', '에게', '으로', '까지', '부터', '처럼', '보다', '이나', '하고', '의', '은', '는', '이', '가', '을', '를', '에', '와', '과', '도', '로', '만', '나'];
const HANGUL_WORD = /^\p{Script=Hangul}+$/u;
const WORD = /[\p{L}\p{N}\p{M}]+/gu;

function stem(word: string): string {
  if (!HANGUL_WORD.test(word)) return word;
  for (const particle of KOREAN_PARTICLES) {
    if (word.endsWith(particle) && [...word].length - [...particle].length >= 2) return word.slice(0, -particle.length);
  }
  return word;
}

/** A query is searched by its first terms only, which bounds the work a pasted document can cause. */
export const MAX_QUERY_TERMS = 64;

/** The distinct search terms of a query: lower-cased words (letters, digits, marks), Korean stems. */
export function queryTerms(query: string | readonly string[]): string[] {
  const text = typeof query === 'string' ? query : query.join(' ');
  return [...new Set((text.toLowerCase().match(WORD) ?? []).map(stem))].slice(0, MAX_QUERY_TERMS);
}
