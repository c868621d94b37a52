/**
 * A client that stops reading an event stream fills the socket, then the stream's writes wait: the
 * stream is paused, holding only what it had taken from the run. A write that has waited `stallMs`
 * (real time: it is the client's pace, not the run's clock) gets the client dropped, which lets go of
 * everything the stream held. The run is not touched: it goes on and any read shows it.
 */
export interface StallWatch {
  /** Runs one write, timing how long it waits. */
  write(write: () => Promise<unknown>): Promise<void>;
  stop(): void;
}

export function watchForStall(stallMs: number, drop: () => void): StallWatch {
  let waitingSince: number | null = null;
  const timer = setInterval(
    () => {
      if (waitingSince !== null && Date.now() - waitingSince >= stallMs) {
        waitingSince = null;
        drop();
      }
    },
    Math.max(10, Math.min(1_000, stallMs / 4)),
  );
  timer.unref();
  return {
    async write(write) {
      waitingSince = Date.now();
      try {
        await write();
      } finally {
        waitingSince = null;
      }
    },
    stop: () => clearInterval(timer),
  };
}
