import { describe, expect, it } from 'vitest';
import type { Message } from 'openai/resources/beta/threads/messages';
import { openDb } from './db.js';
import { MessageTable } from './messages.js';
import { createStore } from './index.js';

const scope = { owner: 'k', parentId: 'thread_1' };
let n = 0;
function message(role: 'user' | 'assistant', content: Message['content']): Message {
  return { id: `msg_${++n}`, role, content } as Message;
}
const text = (value: string) => ({ type: 'text' as const, text: { value, annotations: [] } });
const image = { type: 'image_file' as const, image_file: { file_id: 'file-1' } };
/** What a prompt sends, as the run counted it before (each message's text parts joined, messages joined). */
const promptText = (messages: Message[]) => messages.map((m) => m.content.map((p) => (p.type === 'text' ? p.text.value : '')).join('\n')).join('\n');

describe('MessageTable', () => {
  it("finds the newest user message past any number of others, through its partial index", () => {
    const db = openDb(':memory:');
    const table = new MessageTable(db);
    table.insert(scope, message('user', [text('first question')]));
    const newest = table.insert(scope, message('user', [text('second question')]));
    for (let i = 0; i < 500; i++) table.insert({ ...scope, tag: `run_${i}` }, message('assistant', [text(`answer ${i}`)]));
    expect(table.newestUserMessage('k', 'thread_1')).toEqual(newest);
    expect(table.newestUserMessage('k', 'thread_1', 501)).toEqual(newest);
    expect(table.newestUserMessage('k', 'thread_1', 500)).toBeUndefined();
    expect(table.newestUserMessage('k', 'thread_2')).toBeUndefined();
    expect(table.newestUserMessage('other-key', 'thread_1')).toBeUndefined();
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN SELECT seq FROM messages WHERE owner = ? AND parent_id = ? AND json_extract(body, '$.role') = 'user' ORDER BY seq DESC LIMIT 1`)
      .all('k', 'thread_1') as { detail: string }[];
    expect(plan.map((row) => row.detail)).toEqual([expect.stringMatching(/^SEARCH messages USING (COVERING )?INDEX messages_by_user \(/)]);
    db.close();
  });

  it('measures the newest messages’ prompt text in SQLite exactly as joining them in JavaScript does', () => {
    const db = openDb(':memory:');
    const table = new MessageTable(db);
    const messages = [
      message('user', [text('안녕하세요 😀'), image, text('second part')]),
      message('assistant', []),
      message('user', [image]),
      message('assistant', [text('𝄞 notes\nand a line')]),
    ];
    for (const m of messages) table.insert(scope, m);
    for (const limit of [1, 2, 3, 4, 100]) {
      const sent = messages.slice(-limit).reverse();
      expect(table.promptTextLength('k', 'thread_1', limit), `newest ${limit}`).toBe([...promptText(sent)].length);
    }
    expect(table.promptTextLength('k', 'empty', 100)).toBe(0);
    db.close();
  });

  it('measures the prompt anew as the newest messages change: added, deleted, replaced under a deleted one’s seq, more than the window', () => {
    const db = openDb(':memory:');
    const table = new MessageTable(db);
    const sent: Message[] = [];
    const add = (value: string) => sent.push(table.insert(scope, message('user', [text(value)])));
    const expected = (limit: number) => [...promptText(sent.slice(-limit))].length;
    for (let i = 0; i < 5; i++) add(`message ${'+'.repeat(i)}`); // each a length of its own
    expect(table.promptTextLength('k', 'thread_1', 3)).toBe(expected(3));
    add('a longer message than the others');
    expect(table.promptTextLength('k', 'thread_1', 3)).toBe(expected(3));
    // The newest deleted and another added: SQLite gives the new row the deleted row's seq.
    table.delete(scope, sent.pop()!.id);
    add('short');
    expect(table.promptTextLength('k', 'thread_1', 3)).toBe(expected(3));
    table.delete(scope, sent.splice(-2, 1)[0]!.id);
    expect(table.promptTextLength('k', 'thread_1', 3)).toBe(expected(3));
    // A run's answer, created empty and written in full before the next run measures the thread.
    add('');
    sent.push(table.upsert(scope, { ...sent.pop()!, content: [text('now written in full')] }));
    expect(table.promptTextLength('k', 'thread_1', 3)).toBe(expected(3));
    for (let i = 0; i < 4; i++) add(`more ${i}`);
    expect(table.promptTextLength('k', 'thread_1', 3)).toBe(expected(3));
    expect(table.promptTextLength('k', 'thread_1', 100)).toBe(expected(100));
    // Changed by an update after it was added (and after the thread was last measured).
    expect(table.promptTextLength('k', 'thread_1', 3)).toBe(expected(3));
    add('before its update');
    sent.push(table.update(scope, { ...sent.pop()!, content: [text('after an update, longer than before')] }));
    expect(table.promptTextLength('k', 'thread_1', 3)).toBe(expected(3));
    // Deleted behind the table's back (as deleting a key's data does, in SQL): still seen.
    db.prepare('DELETE FROM messages WHERE id = ?').run(sent.splice(-2, 1)[0]!.id);
    expect(table.promptTextLength('k', 'thread_1', 3)).toBe(expected(3));
    db.close();
  });

  it('measures anew after a rollback that measured a message SQLite then gives the next one’s seq', () => {
    const store = createStore(openDb(':memory:'));
    const add = (value: string) => store.messages.insert(scope, message('user', [text(value)]));
    store.transaction(() => add('kept'));
    expect(() =>
      store.transaction(() => {
        add('a message much longer than the one that will take its place');
        expect(store.messages.promptTextLength('k', 'thread_1', 2)).toBe(['kept', 'a message much longer than the one that will take its place'].join('\n').length);
        throw new Error('rolled back');
      }),
    ).toThrow('rolled back');
    store.transaction(() => add('short'));
    expect(store.messages.promptTextLength('k', 'thread_1', 2)).toBe('kept\nshort'.length);
    store.flush();
    store.db.close();
  });
});
