import { describe, expect, it } from 'vitest';
import { MAX_QUERY_TERMS, queryTerms } from './query-terms.js';

describe('query terms', () => {
  it('lower-cases words, drops punctuation and repeats, and joins the parts of an array query', () => {
    expect(queryTerms('To be, or NOT to be?')).toEqual(['to', 'be', 'or', 'not']);
    expect(queryTerms(['Hamlet', 'hamlet prince'])).toEqual(['hamlet', 'prince']);
    expect(queryTerms('?!')).toEqual([]);
  });

  it('strips Korean particles when a stem of two syllables or more is left', () => {
    expect(queryTerms('오필리아의 햄릿을 왕자에게서 기도')).toEqual(['오필리아', '햄릿', '왕자', '기도']);
  });

  it('keeps at most MAX_QUERY_TERMS terms', () => {
    expect(queryTerms(Array.from({ length: 100 }, (_, i) => `w${i}`).join(' '))).toHaveLength(MAX_QUERY_TERMS);
  });
});
