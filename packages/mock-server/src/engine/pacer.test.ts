import { describe, expect, it } from 'vitest';
import { Pacer } from './pacer.js';

const busy = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

describe('Pacer', () => {
  it('runs the jobs of one loop turn together, inside `around`, after the turn', async () => {
    const log: string[] = [];
    const pacer = new Pacer(50, (slice) => {
      log.push('begin');
      slice();
      log.push('end');
    });
    const results = Promise.all([pacer.run(() => (log.push('a'), 1)), pacer.run(() => (log.push('b'), 2))]);
    log.push('queued');
    expect(await results).toEqual([1, 2]);
    expect(log).toEqual(['queued', 'begin', 'a', 'b', 'end']);
  });

  it('stops a slice once its budget is spent and goes on in the next one, after timers and I/O had the loop', async () => {
    const log: string[] = [];
    const pacer = new Pacer(5, (slice) => {
      log.push('slice');
      slice();
    });
    const jobs = ['a', 'b', 'c', 'd'].map((name) =>
      pacer.run(() => {
        busy(3);
        log.push(name);
      }),
    );
    setTimeout(() => log.push('timer'), 0);
    await Promise.all(jobs);
    expect(log).toEqual(['slice', 'a', 'b', 'timer', 'slice', 'c', 'd']);
  });

  it('a job that throws rejects its own promise only', async () => {
    const pacer = new Pacer(5);
    const failing = pacer.run(() => {
      throw new Error('boom');
    });
    const fine = pacer.run(() => 'ok');
    await expect(failing).rejects.toThrow('boom');
    await expect(fine).resolves.toBe('ok');
  });

  it('when `around` fails (the store closed), every queued job rejects with its error', async () => {
    const pacer = new Pacer(5, () => {
      throw new Error('The database connection is not open');
    });
    await expect(Promise.all([pacer.run(() => 1), pacer.run(() => 2)])).rejects.toThrow('not open');
  });
});
