import { describe, expect, it } from 'vitest';
import { ScenarioSet } from '@assistants-mock/fixtures';
import { MAX_JOURNAL_ENTRIES, scriptedDriver, type JournalEntry } from './scripted-driver.js';

describe('the journal of unmatched runs', () => {
  it('keeps the newest entries only, so a long-lived server does not grow without end', () => {
    const journal: JournalEntry[] = [];
    const driver = scriptedDriver(new ScenarioSet([]), journal);
    for (let i = 0; i <= MAX_JOURNAL_ENTRIES; i++) {
      driver.start({
        owner: 'k',
        assistant: { id: 'asst_1', name: null, model: 'gpt-4o', metadata: {} },
        thread: { id: `thread_${i}`, metadata: {} },
        newestUserMessage: `message ${i}`,
        instructions: '',
        tools: [],
        toolChoice: 'auto',
        parallelToolCalls: true,
      });
    }
    expect(journal).toHaveLength(MAX_JOURNAL_ENTRIES);
    expect(journal[0]!.threadId).toBe('thread_1');
    expect(journal.at(-1)!.threadId).toBe(`thread_${MAX_JOURNAL_ENTRIES}`);
  });
});
