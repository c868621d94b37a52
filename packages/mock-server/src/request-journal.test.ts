import { describe, expect, it } from 'vitest';
import { RequestJournal, type JournaledRequest } from './request-journal.js';

const request = (at: number): JournaledRequest => ({ at, method: 'GET', path: `/v1/threads/thread_${at}`, status: 200, objectIds: [] });

describe('the request journal', () => {
  it('keeps the newest 1,000 requests of a key, oldest first', () => {
    const journal = new RequestJournal();
    for (let at = 1; at <= 1_500; at++) journal.record('key_a', request(at));
    const kept = journal.list('key_a').map((entry) => entry.at);
    expect(kept).toHaveLength(1_000);
    expect([kept[0], kept.at(-1)]).toEqual([501, 1_500]);
  });

  it('forgets the key seen least recently once it holds 1,000 keys, however often that key was seen before', () => {
    const journal = new RequestJournal();
    journal.record('key_0', request(0));
    for (let n = 1; n < 1_000; n++) journal.record(`key_${n}`, request(n));
    // key_0 seen again twice in a row (the second time it is already the newest), key_1 not.
    journal.record('key_0', request(1_000));
    journal.record('key_0', request(1_001));
    journal.record('key_new', request(1_002));
    expect(journal.list('key_1')).toEqual([]);
    expect(journal.list('key_0').map((entry) => entry.at)).toEqual([0, 1_000, 1_001]);
    expect(journal.list('key_2')).toHaveLength(1);
  });

  it('starts a cleared key afresh, as the newest', () => {
    const journal = new RequestJournal();
    journal.record('key_a', request(1));
    journal.clear('key_a');
    journal.record('key_a', request(2));
    expect(journal.list('key_a').map((entry) => entry.at)).toEqual([2]);
  });
});
