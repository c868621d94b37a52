import { describe, expect, it } from 'vitest';
import type { Assistant } from 'openai/resources/beta/assistants';
import { defineScenarios, ScenarioSet } from '@assistants-mock/fixtures';
import { advance, type EngineEvent } from './advance.js';
import { scriptedDriver } from './scripted-driver.js';
import { initialProgress, type RunSnapshot } from './snapshot.js';
import { buildRun } from '../objects/run.js';

const words = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `w${from + i}`).join(' ');
const scenarios = defineScenarios([
  {
    name: 'paced',
    script: [
      { file_search: { query: 'q', results: [{ file_id: 'file-1', file_name: 'a.txt', score: 0.9 }] } },
      { say: `${words(30)} {{cite:0}} ${words(30, 30)}`, pace: 10 },
      { code_interpreter: { input: words(20), logs: 'ok' }, pace: 7 },
      { say: words(500) },
    ],
  },
]);
const driver = scriptedDriver(new ScenarioSet(scenarios), []);
const assistant = { id: 'asst_1', model: 'gpt-4o', instructions: null, tools: [{ type: 'code_interpreter' }, { type: 'file_search' }] } as unknown as Assistant;

function newRun(): RunSnapshot {
  const start = driver.start({
    owner: 'k',
    assistant: { id: assistant.id, name: null, model: 'gpt-4o', metadata: {} },
    thread: { id: 'thread_1', metadata: {} },
    newestUserMessage: 'hi',
    instructions: '',
    tools: assistant.tools,
    toolChoice: 'auto',
    parallelToolCalls: true,
  });
  if (!start.ok) throw new Error(start.message);
  const run = buildRun(assistant, 'thread_1', { assistant_id: assistant.id }, 0);
  const progress = initialProgress({ dueAt: 0, driverState: start.state, startError: null, promptTokens: 5, newestUserMessage: 'hi' });
  return { run, progress, content: null, step: null, message: null };
}

/** The snapshot with its generated ids replaced by their order of appearance, to compare two plays. */
function normalised(snapshot: RunSnapshot): unknown {
  const ids = new Map<string, string>();
  return JSON.parse(JSON.stringify(snapshot).replace(/\b(?:msg|step|call|run)_[A-Za-z0-9]+/g, (id) => ids.get(id) ?? (ids.set(id, `id${ids.size}`), `id${ids.size - 1}`)));
}

const play = (snapshot: RunSnapshot, now: number, streamed: boolean) => advance(snapshot, { driver, now, streamed, search: () => [] });
const deltaText = (events: EngineEvent[]) =>
  events.map((e) => (e.event === 'thread.message.delta' && e.data.delta.content?.[0]?.type === 'text' ? (e.data.delta.content[0].text?.value ?? '') : '')).join('');

describe('advance', () => {
  it('stores the same run, step, message and progress whether a stream follows or not, read at any time', () => {
    let followed = newRun();
    let unfollowed = newRun();
    let streamedText = '';
    for (const now of [0, 5, 10, 11, 95, 300, 600, 601, 650, 700, 5_000]) {
      const a = play(followed, now, true);
      const b = play(unfollowed, now, false);
      expect(normalised(b.snapshot)).toEqual(normalised(a.snapshot));
      // Unfollowed, no delta event is built; followed, one per delta, in order.
      expect(b.events.filter((e) => e.event.endsWith('.delta'))).toEqual([]);
      streamedText += deltaText(a.events);
      [followed, unfollowed] = [a.snapshot, b.snapshot];
    }
    expect(followed.run.status).toBe('completed');
    expect(streamedText).toBe(`${words(30)} 【1:0†a.txt】 ${words(30, 30)}${words(500)}`);
  });

  it('plays the deltas due by now, each at its own time: a read between two paced deltas sees only the earlier ones', () => {
    const { snapshot } = play(newRun(), 25, false);
    const message = snapshot.message!;
    expect(message.content[0]?.type === 'text' && message.content[0].text.value).toBe(words(3)); // at 0, 10 and 20 ms
    expect(snapshot.progress.dueAt).toBe(30);
  });

  it('plays in slices of at most maxDeltas deltas the same events, in the same order, and ends where one play ends', () => {
    const whole = play(newRun(), 10_000, true);
    let sliced = newRun();
    const events: EngineEvent[] = [];
    for (let slices = 1; ; slices++) {
      const result = advance(sliced, { driver, now: 10_000, streamed: true, search: () => [], maxDeltas: 16 });
      expect(result.events.filter((e) => e.event.endsWith('.delta')).length).toBeLessThanOrEqual(16);
      events.push(...result.events);
      sliced = result.snapshot;
      if (sliced.run.status === 'completed') {
        // The last answer's 500 words alone take more than 500 / 16 slices.
        expect(slices).toBeGreaterThan(500 / 16);
        break;
      }
    }
    expect(normalised({ ...sliced, events } as unknown as RunSnapshot)).toEqual(normalised({ ...whole.snapshot, events: whole.events } as unknown as RunSnapshot));
  });

  it('gives each streamed annotation its index among the message annotations', () => {
    const { events } = play(newRun(), 10_000, true);
    const annotated = events.flatMap((e) =>
      e.event === 'thread.message.delta' && e.data.delta.content?.[0]?.type === 'text' ? (e.data.delta.content[0].text?.annotations ?? []) : [],
    );
    expect(annotated).toEqual([expect.objectContaining({ index: 0, type: 'file_citation', text: '【1:0†a.txt】' })]);
  });
});
