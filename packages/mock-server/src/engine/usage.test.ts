import { describe, expect, it } from 'vitest';
import { countTokens } from './usage.js';

describe('countTokens', () => {
  it('counts code points, four a token: a surrogate pair is one, a lone or reversed surrogate one each', () => {
    expect(countTokens('')).toBe(0);
    expect(countTokens('abcde')).toBe(2);
    expect(countTokens('😀😀😀😀')).toBe(1); // 8 UTF-16 units, 4 code points
    expect(countTokens('😀😀😀😀😀')).toBe(2);
    expect(countTokens('a\uD800bc')).toBe(1); // a lone high surrogate counts alone
    expect(countTokens('\uDC00\uD800\uDC00\uD800\uDC00')).toBe(1); // low, pair, pair: 3 code points
    expect(countTokens('\uDC00\uD800\uDC00\uD800\uDC00xy')).toBe(2); // 5 code points
  });
});
