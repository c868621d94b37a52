import { defineScenarios, type ScenarioInput } from '@assistants-mock/fixtures';
import type { RunStatus } from 'openai/resources/beta/threads/runs/runs';

/** What the model check knows of a scenario: how long it waits queued, what it uses and how it ends by itself. */
interface ScenarioFacts {
  queuedMs: number;
  tools: 'none' | 'function' | 'code_interpreter';
  parallel: boolean;
  ends: RunStatus;
  lastError?: { code: string; message: string };
  /** Scripts with no pace end exactly this long after they start (no tool outputs to wait for). */
  endsAfterMs?: number;
  /** Scripts whose last step is unpaced text end exactly when the last tool outputs are submitted. */
  endsAtLastSubmission?: true;
  script: ScenarioInput['script'];
}

const SCRIPTED = {
  text: { queuedMs: 0, tools: 'none', parallel: false, ends: 'completed', endsAfterMs: 0, script: [{ say: 'A short answer.' }] },
  paced: { queuedMs: 0, tools: 'none', parallel: false, ends: 'completed', script: [{ say: 'one two three four five six seven eight', delay: 2000, pace: 700 }] },
  call: {
    queuedMs: 0,
    tools: 'function',
    parallel: false,
    ends: 'completed',
    script: [{ call: { lookup: { q: 'x' } } }, { say: 'Found {{outputs.lookup}}.', pace: 300 }],
  },
  parallel: {
    queuedMs: 0,
    tools: 'function',
    parallel: true,
    ends: 'completed',
    endsAtLastSubmission: true,
    script: [{ call: [{ lookup: { q: 'a' } }, { lookup: { q: 'b' } }], pace: 100 }, { say: 'Both: {{outputs}}' }],
  },
  twice: {
    queuedMs: 0,
    tools: 'function',
    parallel: false,
    ends: 'completed',
    endsAtLastSubmission: true,
    script: [{ say: 'Let me look.' }, { call: { lookup: { q: 'first' } } }, { call: { lookup: { q: 'second' } }, delay: 1500 }, { say: 'Done: {{outputs.lookup}}' }],
  },
  code: {
    queuedMs: 0,
    tools: 'code_interpreter',
    parallel: false,
    ends: 'completed',
    script: [{ code_interpreter: { input: 'print(6 * 7)', logs: '42' }, pace: 400 }, { say: 'It is 42.' }],
  },
  fail: {
    queuedMs: 0,
    tools: 'none',
    parallel: false,
    ends: 'failed',
    lastError: { code: 'rate_limit_exceeded', message: 'Slow down.' },
    script: [{ say: 'Trying hard.', pace: 200 }, { fail: { code: 'rate_limit_exceeded', message: 'Slow down.' } }],
  },
  incomplete: { queuedMs: 0, tools: 'none', parallel: false, ends: 'incomplete', endsAfterMs: 0, script: [{ say: 'Partial answer' }, { incomplete: 'max_completion_tokens' }] },
  queued: { queuedMs: 3000, tools: 'none', parallel: false, ends: 'completed', endsAfterMs: 1000, script: [{ say: 'Finally my turn.', delay: 1000 }] },
  slow: { queuedMs: 0, tools: 'none', parallel: false, ends: 'completed', script: [{ say: 'Sorry for the wait.', delay: 11 * 60_000 }] },
  // 375 tokens: past the smallest max_completion_tokens (256), so a limited run is cut short.
  long: { queuedMs: 0, tools: 'none', parallel: false, ends: 'completed', script: [{ say: 'word '.repeat(300).trim(), pace: 20 }] },
  // One word a second for half a minute: many separate wakes, so a slow client's stream fills up.
  drip: { queuedMs: 0, tools: 'none', parallel: false, ends: 'completed', script: [{ say: 'drop '.repeat(30).trim(), pace: 1000 }] },
} satisfies Record<string, ScenarioFacts>;

export type ScenarioName = keyof typeof SCRIPTED | 'unmatched';
export const SCENARIO_NAMES = [...(Object.keys(SCRIPTED) as (keyof typeof SCRIPTED)[]), 'unmatched'] as const satisfies readonly ScenarioName[];

/** A user message that picks the scenario (and is unique, so the thread's messages can be told apart). */
export const messageFor = (name: ScenarioName, n: number) => `please [${name}] #${n}`;
export const scenarioOf = (message: string): ScenarioName => (/\[(\w+)\]/.exec(message)?.[1] ?? 'unmatched') as ScenarioName;

export const modelCheckScenarios = () =>
  defineScenarios(
    Object.entries(SCRIPTED).map(([name, facts]) => ({
      name,
      match: { message: `[${name}]` },
      ...(facts.queuedMs > 0 && { queued: facts.queuedMs }),
      script: facts.script,
    })),
  );

export const factsOf = (name: ScenarioName): ScenarioFacts | null => (name === 'unmatched' ? null : SCRIPTED[name]);

/** How a run was asked to behave, as far as its scenario's fate goes. */
export interface RunSetup {
  scenario: ScenarioName;
  hasTools: boolean;
  toolChoiceNone: boolean;
  parallelOff: boolean;
  limited: boolean;
}

/** Whether the run fails as soon as it starts: no scenario, or one the run may not play. */
export function failsAtStart(setup: RunSetup): boolean {
  const facts = factsOf(setup.scenario);
  if (!facts) return true;
  if (facts.tools !== 'none' && (!setup.hasTools || setup.toolChoiceNone)) return true;
  return facts.parallel && setup.parallelOff;
}

/** The statuses the run may end in, given what clients did to it. */
export function allowedEndings(setup: RunSetup, cancelled: boolean, pastExpiry: boolean): Set<RunStatus> {
  if (failsAtStart(setup)) return new Set(['failed']);
  const endings = new Set<RunStatus>([factsOf(setup.scenario)!.ends]);
  if (setup.limited) endings.add('incomplete');
  if (cancelled) endings.add('cancelled');
  if (pastExpiry) endings.add('expired');
  return endings;
}
