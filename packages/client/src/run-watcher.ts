import type { Run } from 'openai/resources/beta/threads/runs/runs';
import type { Stopper } from './stop.js';
import type { RunEvent } from './types.js';

/**
 * Follows the one run that `run()` started: remembers its latest state (what to cancel if the
 * call is stopped) and reports progress to the caller's listener.
 */
export class RunWatcher {
  run: Run | undefined;

  constructor(
    readonly stopper: Stopper,
    private readonly listener: ((event: RunEvent) => void) | undefined,
  ) {}

  /** Records the run as last seen; a new status is reported. */
  observe = (run: Run): void => {
    const previous = this.run;
    this.run = run;
    if (previous?.id !== run.id || previous.status !== run.status) this.emit({ type: 'run.status', status: run.status, run });
  };

  /** A listener that throws stops the run (and its error is what `run()` rejects with). */
  emit(event: RunEvent): void {
    if (!this.listener) return;
    try {
      this.listener(event);
    } catch (error) {
      this.stopper.stop({ kind: 'listener', error });
    }
  }
}
