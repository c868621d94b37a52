import { describe, expect, it } from 'vitest';
import { upstreamFromFlags } from './cli-flags.js';

describe('upstreamFromFlags', () => {
  it('no --upstream: no live runs; its companions alone are a mistake', () => {
    expect(upstreamFromFlags({}, {})).toBeUndefined();
    expect(() => upstreamFromFlags({ model: 'qwen2.5:7b' }, {})).toThrow('--model needs --upstream <baseURL>.');
  });

  it('the key comes from OPENAI_API_KEY or the variable --upstream-key-env names; none when unset', () => {
    expect(upstreamFromFlags({ upstream: 'http://127.0.0.1:11434/v1' }, {})).toEqual({ baseURL: 'http://127.0.0.1:11434/v1', liveOnly: false, models: {} });
    expect(upstreamFromFlags({ upstream: 'https://api.openai.com/v1' }, { OPENAI_API_KEY: 'sk-a' })).toMatchObject({ apiKey: 'sk-a' });
    expect(upstreamFromFlags({ upstream: 'https://x.test/v1', 'upstream-key-env': 'GROQ_KEY' }, { OPENAI_API_KEY: 'sk-a', GROQ_KEY: 'gsk-b' })).toMatchObject({ apiKey: 'gsk-b' });
  });

  it('--model, --model-map FROM=TO (repeatable), --live-only, --max-concurrent-upstream, --context-tokens', () => {
    const values = { upstream: 'http://h/v1', model: 'm', 'model-map': ['gpt-4o=qwen2.5:7b', 'a=b=c'], 'live-only': true, 'max-concurrent-upstream': '4', 'context-tokens': '32768' };
    expect(upstreamFromFlags(values, {})).toEqual({ baseURL: 'http://h/v1', model: 'm', models: { 'gpt-4o': 'qwen2.5:7b', a: 'b=c' }, liveOnly: true, maxConcurrent: 4, contextTokens: 32_768 });
  });

  it('mistakes name the flag', () => {
    expect(() => upstreamFromFlags({ upstream: 'localhost:11434' }, {})).toThrow("--upstream must be an http(s) URL, got 'localhost:11434'.");
    expect(() => upstreamFromFlags({ upstream: 'http://h/v1', 'model-map': ['gpt-4o'] }, {})).toThrow("--model-map takes FROM=TO, got 'gpt-4o'.");
    expect(() => upstreamFromFlags({ upstream: 'http://h/v1', 'max-concurrent-upstream': '0' }, {})).toThrow('--max-concurrent-upstream must be a positive integer');
    expect(() => upstreamFromFlags({ upstream: 'http://h/v1', 'context-tokens': '8k' }, {})).toThrow("--context-tokens must be a positive integer, got '8k'.");
  });
});
