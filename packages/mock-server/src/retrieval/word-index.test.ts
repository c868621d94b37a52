import { describe, expect, it } from 'vitest';
import { openDb } from '../store/db.js';
import { ChunkIndex } from '../store/chunks.js';
import { indexedText, matchQuery, occurrenceCounter } from './word-index.js';

const TEXTS = [
  '햄릿은 왕자다. 햄릿을 보라, 왕햄릿.',
  'Hamlet, HAMLET and the hamlets; not Shamlet.',
  '哈姆雷特是丹麦王子。丹麦。',
  'ハムレットは王子です',
  '오필리아의 노래',
];
const TERMS = ['햄릿', 'hamlet', 'ham', 'let', '丹麦', '麦王子', 'ハム', 'レット', '노래', '필리아', 'hamlet丹'];

describe('the word index', () => {
  it('matches a term at the start of a word, or anywhere in Han and kana, which are words of one character', () => {
    const count = (term: string, text: string) => occurrenceCounter(term)(text.toLowerCase());
    expect(count('햄릿', TEXTS[0]!)).toBe(2);
    expect(count('hamlet', TEXTS[1]!)).toBe(3);
    expect(count('let', TEXTS[1]!)).toBe(0);
    expect(count('丹麦', TEXTS[2]!)).toBe(2);
    expect(count('レット', TEXTS[3]!)).toBe(1);
    expect(count('필리아', TEXTS[4]!)).toBe(0);
    expect([matchQuery('햄릿'), matchQuery('丹麦'), matchQuery('ab丹c')]).toEqual(['"햄릿" *', '"丹 麦"', '"ab 丹 c" *']);
  });

  it('makes a word of every character of Han, Hiragana and Katakana, and leaves other text as it is', () => {
    const spaceless = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]$/u;
    const missed: string[] = [];
    for (let code = 0; code <= 0x10ffff; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const char = String.fromCodePoint(code);
      if (indexedText(char) !== (spaceless.test(char) ? ` ${char} ` : char)) missed.push(code.toString(16));
    }
    expect(missed).toEqual([]);
    expect(indexedText('햄릿 and 丹麦 and ハム')).toBe('햄릿 and  丹  麦  and  ハ  ム ');
  });

  it('counts in the text exactly the chunks that FTS5 matches, for every term', () => {
    const index = new ChunkIndex(openDb(':memory:'));
    index.insert(1, TEXTS.map((text) => ({ text, tokens: 10 })));
    const ranges = index.scopeRanges([1]);
    for (const term of TERMS) {
      const counter = occurrenceCounter(term);
      const inText = TEXTS.filter((text) => counter(text.toLowerCase()) > 0).length;
      expect([term, index.countMatches(matchQuery(term), ranges)]).toEqual([term, inText]);
    }
    expect(TERMS.map((term) => index.countMatches(matchQuery(term), ranges))).toEqual([1, 1, 1, 0, 1, 1, 1, 1, 1, 0, 0]);
  });
});
