import { describe, expect, it } from 'vitest';
import { failOnConformanceErrors } from './helpers/harness.js';
import { runSession } from './helpers/model-check/session.js';

/**
 * A seeded, randomized, model-based check of the run engine through the official SDK: a few hundred
 * random client operations per seed (runs polled, streamed and read slowly; tool outputs right,
 * partial, wrong, duplicated and concurrent; cancels in every state; messages added and deleted;
 * metadata; deleted threads; aborted streams; the clock moved by small and large steps) against the
 * in-process server on a manual clock, every observation checked against a reference model
 * (helpers/model-check/). A failure names the seed, the operation and the trace that led there.
 *
 * Each of these seeds fails if one of the bugs the check found is put back (see
 * runs.model-regressions.test.ts and streaming.model-regressions.test.ts): 30 is the one that sees a
 * stream shown transitions a refused request rolled back. To search wider, run more seeds locally.
 */
const SEEDS = [3, 5, 17, 22, 30];
const OPERATIONS = 300;

failOnConformanceErrors();

describe('runs against a reference model', () => {
  it.each(SEEDS)('seed %i: every observation keeps the invariants, and a replay observes the same', async (seed) => {
    const first = await runSession(seed, OPERATIONS);
    const replay = await runSession(seed, OPERATIONS);
    expect(replay.trace).toEqual(first.trace);
    expect(replay.streams).toEqual(first.streams);
  });
});
