import { toScenario, type RunRecording } from './to-scenario.js';
import { writeRecording, type RecordMode, type WrittenRecording } from './fixture-file.js';

export type { RunRecording, RecordedStep } from './to-scenario.js';
export type { RecordMode, WrittenRecording } from './fixture-file.js';

/** Writes a finished run as a scenario into `<dir>/<assistant name>.yaml`; see `writeRecording`. */
export function recordRun(dir: string, recording: RunRecording, mode: RecordMode = 'new'): WrittenRecording {
  return writeRecording(dir, toScenario(recording, scenarioName(recording)), recording.assistant.name, mode);
}

/** A scenario is named after the question it answers: what a person looks for in the file. */
function scenarioName({ message, history }: RunRecording): string {
  const line = message === null ? '(no user message)' : message.replace(/\s+/g, ' ').trim() || '(empty message)';
  const question = line.length > 60 ? `${line.slice(0, 60)}…` : line;
  return history.length === 0 ? question : `${question} (after ${history.length} messages)`;
}
