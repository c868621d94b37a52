import { describe, expect, it } from 'vitest';
import { Pacer } from './pacer.js';

/** A job's cost on a counted clock: no wall-clock time in the test. */
let elapsed = 0;
const busy = (ms: number) => void (elapsed += ms);
const counted = () => elapsed;

describe('Pacer', () => {
  it('runs the first job at once; the jobs behind it in that loop turn together, inside `around`, after the turn', async () => {
    const log: string[] = [];
    const pacer = new Pacer(50, (slice) => {
      log.push('begin');
      slice();
      log.push('end');
    });
    const results = Promise.all([pacer.run(() => (log.push('a'), 1)), pacer.run(() => (log.push('b'), 2))]);
    log.push('queued');
    expect(await results).toEqual([1, 2]);
    expect(log).toEqual(['a', 'queued', 'begin', 'b', 'end']);
  });

  it('stops a slice once its budget is spent and goes on in the next one, after other work had the loop', async () => {
    const log: string[] = [];
    const pacer = new Pacer(
      5,
      (slice) => {
        log.push('slice');
        slice();
      },
      counted,
    );
    const jobs = ['first', 'a', 'b', 'c', 'd'].map((name) =>
      pacer.run(() => {
        busy(3);
        log.push(name);
      }),
    );
    // Work that came meanwhile (a callback queued for this turn of the loop) runs between the slices.
    setImmediate(() => log.push('other work'));
    await Promise.all(jobs);
    expect(log).toEqual(['first', 'slice', 'a', 'b', 'other work', 'slice', 'c', 'd']);
  });

  it("counts in the slice's budget what the callers do at once with their results: past it, the next ones go on after other work had the loop", async () => {
    const log: string[] = [];
    const pacer = new Pacer(5, (slice) => slice(), counted);
    const caller = async (name: string) => {
      await pacer.run(() => busy(1));
      // What the caller does with the result (a stream framing and writing the events its job played).
      busy(3);
      log.push(name);
    };
    const callers = ['first', 'a', 'b', 'c'].map(caller);
    setImmediate(() => log.push('other work'));
    await Promise.all(callers);
    expect(log).toEqual(['first', 'a', 'other work', 'b', 'c']);
  });

  it('once a slice leaves nothing over, the next job runs at once again', async () => {
    const log: string[] = [];
    const pacer = new Pacer(5, (slice) => {
      log.push('slice');
      slice();
    });
    await Promise.all([pacer.run(() => log.push('a')), pacer.run(() => log.push('b'))]);
    await new Promise((resolve) => setImmediate(resolve));
    await pacer.run(() => log.push('c'));
    expect(log).toEqual(['a', 'slice', 'b', 'c']);
  });

  it('a job that throws rejects its own promise only', async () => {
    const pacer = new Pacer(5);
    await pacer.run(() => 'the first runs at once');
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
    await pacer.run(() => 'the first runs at once, outside `around`');
    await expect(Promise.all([pacer.run(() => 1), pacer.run(() => 2)])).rejects.toThrow('not open');
  });
});
