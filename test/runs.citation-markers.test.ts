import { describe, expect, it } from 'vitest';
import { defineScenarios } from '@assistants-mock/fixtures';
import type { Message } from 'openai/resources/beta/threads/messages';
import { startHarness } from './helpers/harness.js';

const RESULTS = [
  { file_id: 'file-act3', file_name: 'Hamlet_KOR.pdf', text: '오필리아: 왕자님께 받은 선물을 돌려드리려고 했어요.' },
  { file_id: 'file-act4', file_name: 'Hamlet_KOR.pdf', text: '왕비: 오필리아가 시냇물에 빠져 죽었소.' },
];
const PASTED = '물이 나를 끌어당기고 말았다【4:1†source】. 나의 선물은 돌려드렸지【4:0†Hamlet_KOR.pdf】. 없는 결과【4:7†source】.';
const EMOJI = '🌊🌸 물속으로【4:1†source】';

const h = await startHarness({
  scenarios: defineScenarios([
    { name: 'pasted', match: { message: 'pasted' }, script: [{ file_search: { query: '오필리아', results: RESULTS } }, { say: PASTED }] },
    { name: 'emoji', match: { message: 'emoji' }, script: [{ file_search: { query: '오필리아', results: RESULTS } }, { say: EMOJI }] },
  ]),
});

/** Python's `value[start:end]`, which the indices are meant for. */
const pySlice = (text: string, start: number, end: number) => [...text].slice(start, end).join('');

async function answer(message: string, stream: boolean): Promise<Message['content'][number]> {
  const assistant = await h.client.beta.assistants.create({ model: 'gpt-4o-mini', tools: [{ type: 'file_search' }] });
  const thread = await h.client.beta.threads.create({ messages: [{ role: 'user', content: message }] });
  if (stream) {
    const [final] = await h.client.beta.threads.runs.stream(thread.id, { assistant_id: assistant.id }).finalMessages();
    return final!.content[0]!;
  }
  const run = await h.client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id });
  expect(run.status).toBe('completed');
  return (await h.client.beta.threads.messages.list(thread.id)).data[0]!.content[0]!;
}

describe('citation markers pasted from a real answer into a scripted `say`', () => {
  it.each([false, true])('become file_citation annotations of the results they point at (stream: %s)', async (stream) => {
    const part = await answer('pasted', stream);
    // toMatchObject: the SDK's streamed snapshot also keeps the deltas' `index` fields.
    expect(part).toMatchObject({
      type: 'text',
      text: {
        value: PASTED,
        annotations: [
          { type: 'file_citation', text: '【4:1†source】', start_index: 15, end_index: 27, file_citation: { file_id: 'file-act4' } },
          { type: 'file_citation', text: '【4:0†Hamlet_KOR.pdf】', start_index: 41, end_index: 61, file_citation: { file_id: 'file-act3' } },
        ],
      },
    });
  });

  it('count their indices in code points, so Python’s value[start:end] is the marker even after emoji', async () => {
    const part = await answer('emoji', false);
    if (part.type !== 'text') throw new Error('expected text');
    const [citation] = part.text.annotations;
    expect(citation).toMatchObject({ start_index: 7, end_index: 19, text: '【4:1†source】' });
    expect(pySlice(part.text.value, citation!.start_index, citation!.end_index)).toBe('【4:1†source】');
  });
});
