import { describe, expect, it } from 'vitest';
import { failOnConformanceErrors } from './helpers/harness.js';
import { runSession } from './helpers/model-check/session.js';

/**
 * A seeded, randomized, model-based check of the run engine through the official SDK: random client
 * operations (runs polled and streamed, tool outputs right and wrong, cancels, messages, metadata,
 * deleted threads, aborted streams) against the in-process server on a manual clock, every
 * observation checked against a reference model. A failure names the seed, the operation and the
 * trace that led there; replaying the seed reproduces it.
 */
const SEEDS = [3, 5, 17, 22, 26];
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
