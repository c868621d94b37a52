import { describe, expect, it } from 'vitest';
import type { Annotation } from 'openai/resources/beta/threads/messages';
import type { Run } from 'openai/resources/beta/threads/runs/runs';
import { completionBudget, cutText, limitReached, turnPromptTokens } from './limits.js';
import { usageOf } from './usage.js';

const run = (fields: Partial<Run>) =>
  ({ max_prompt_tokens: null, max_completion_tokens: null, truncation_strategy: { type: 'auto', last_messages: null }, ...fields }) as Run;

describe('token limits', () => {
  it('truncation auto caps one turn at max_prompt_tokens; last_messages does not', () => {
    expect(turnPromptTokens(run({ max_prompt_tokens: 256 }), 300)).toBe(256);
    expect(turnPromptTokens(run({ max_prompt_tokens: 256, truncation_strategy: { type: 'last_messages', last_messages: 2 } }), 300)).toBe(300);
    expect(turnPromptTokens(run({}), 300)).toBe(300);
  });

  it('counts both limits over the run', () => {
    const limited = run({ max_prompt_tokens: 300, max_completion_tokens: 256 });
    expect(completionBudget(limited, usageOf(100, 200))).toBe(56);
    expect(completionBudget(run({}), usageOf(100, 200))).toBe(Infinity);
    expect(limitReached(limited, null, 300)).toBeNull();
    expect(limitReached(limited, usageOf(150, 0), 150)).toBeNull();
    expect(limitReached(limited, usageOf(150, 0), 151)).toBe('max_prompt_tokens');
    expect(limitReached(limited, usageOf(0, 256), 1)).toBe('max_completion_tokens');
  });

  it('cuts text at four code points a token, keeping only whole citations', () => {
    const citation = (start: number, end: number) => ({ type: 'file_citation', text: 'x', start_index: start, end_index: end, file_citation: { file_id: 'f' } }) as Annotation;
    expect(cutText('한국어 텍스트입니다', [citation(0, 3), citation(4, 9)], 2)).toEqual({ text: '한국어 텍스트입', annotations: [citation(0, 3)] });
  });
});
