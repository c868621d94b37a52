import { describe, expect, it } from 'vitest';
import { contextWindowOf, DEFAULT_CONTEXT_TOKENS, promptRoom } from './context-window.js';

describe('contextWindowOf', () => {
  it('knows common models by the longest prefix of their name, a provider prefix aside', () => {
    expect(contextWindowOf('gpt-4o')).toBe(128_000);
    expect(contextWindowOf('gpt-4o-mini-2024-07-18')).toBe(128_000);
    expect(contextWindowOf('gpt-4')).toBe(8_192);
    expect(contextWindowOf('gpt-4-turbo')).toBe(128_000);
    expect(contextWindowOf('gpt-4.1-mini')).toBe(1_047_576);
    expect(contextWindowOf('o1-mini')).toBe(128_000);
    expect(contextWindowOf('qwen2.5:7b')).toBe(32_768);
    expect(contextWindowOf('openai/gpt-4o')).toBe(128_000);
  });

  it('an unknown model has the configured default, else 8,192', () => {
    expect(contextWindowOf('my-finetune')).toBe(DEFAULT_CONTEXT_TOKENS);
    expect(contextWindowOf('my-finetune', 4_096)).toBe(4_096);
  });
});

describe('promptRoom', () => {
  it('leaves the answer the completion budget, at most a quarter of the window and 4,096 tokens', () => {
    expect(promptRoom(8_192, Infinity)).toBe(6_144);
    expect(promptRoom(128_000, Infinity)).toBe(123_904);
    expect(promptRoom(8_192, 500)).toBe(7_692);
  });
});
