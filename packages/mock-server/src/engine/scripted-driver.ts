import { matchScenario, type FileSearchStep, type Scenario, type ScenarioSet, type ScriptStep } from '@assistants-mock/fixtures';
import type { Action, MessageCutOff, Search } from './actions.js';
import { usageOf } from './usage.js';
import type { DriverStart, RunDriver, RunStartContext, RunTurnContext } from './driver.js';
import { ScriptsByDigest, type ScriptKeeper } from './scripts-by-digest.js';

interface ScriptedState {
  scenario: string;
  /** The script itself, for a scenario that may be gone after a restart (an override). */
  script?: ScriptStep[];
  /** A loaded scenario's script is stored once, under this digest (see `ScriptsByDigest`). */
  digest?: string;
  /** Where the run is, for journal notes (absent in states stored before they were kept). */
  owner?: string;
  threadId?: string;
}

/**
 * An unmatched run, for tests to read: what it asked and which scenario came nearest; or a note on a
 * replayed run given other tool outputs than its recording (`nearest: null`, the run goes on).
 */
export interface JournalEntry {
  owner: string;
  threadId: string;
  message: string | null;
  nearest: { name: string; reason: string } | null;
  error: string;
}

/**
 * The journal keeps the newest unmatched runs: a server up for weeks must not grow without end. Each
 * entry's texts are cut (the user's message to 200 characters, the reason to 1,000), so an entry and a
 * run's `last_error.message` stay a few KB however large the message was.
 */
export const MAX_JOURNAL_ENTRIES = 1000;
const MAX_REASON_CHARS = 1000;

/**
 * The first driver: a run plays the script of the first scenario whose `match` holds. The chosen
 * script is kept with the run, so overrides changing later do not change a run under way: copied into
 * the run's state, or, with `keeper` and a loaded scenario, stored once under its digest (a long script
 * is then not written again with every run, and a text the script gives verbatim is stored by reference).
 */
export function scriptedDriver(scenarios: ScenarioSet, journal: JournalEntry[], keeper?: ScriptKeeper): RunDriver {
  const scripts = keeper && new ScriptsByDigest(keeper);
  const scriptOf = (state: ScriptedState) => state.script ?? scripts!.script(state.digest!);
  return {
    start(context: RunStartContext): DriverStart {
      const result = matchScenario(scenarios.for(context.owner), {
        assistant: context.assistant,
        message: context.newestUserMessage,
        instructions: context.instructions,
        thread: { metadata: context.thread.metadata },
        ...(context.history && { history: context.history }),
      });
      if (result.matched) return startScenario(result.scenario, context, scripts && scenarios.isLoaded(result.scenario) ? scripts : null);
      const nearest = result.nearest && { name: truncate(result.nearest.name), reason: truncate(result.nearest.reason, MAX_REASON_CHARS) };
      const error = unmatchedMessage(context.newestUserMessage, nearest);
      const message = context.newestUserMessage === null ? null : truncate(context.newestUserMessage);
      addToJournal(journal, { owner: context.owner, threadId: context.thread.id, message, nearest, error });
      return { ok: false, code: 'server_error', message: error, unmatched: true };
    },
    next(state: unknown, context: RunTurnContext): Action | null {
      const scripted = state as ScriptedState;
      const script = scriptOf(scripted);
      noteOtherOutputs(scripted, script, context, journal);
      const step = script[context.cursor];
      if (!step) return null;
      try {
        const action = toAction(step, script[context.cursor + 1], context, scripted.scenario);
        // The script's own words (no template filled): the engine may store them as where to find them.
        if (scripted.digest && action.kind === 'say' && 'say' in step && action.text === step.say) return { ...action, source: `${scripted.digest}:${context.cursor}` };
        return action;
      } catch (error) {
        // A script that cannot be played (a template naming no output yet) fails the run, saying why.
        return { kind: 'fail', code: 'server_error', message: (error as Error).message, delay: 0, pace: 0 };
      }
    },
    ...(scripts && {
      textOf(source: string): string | null {
        const at = source.lastIndexOf(':');
        const step = scripts.script(source.slice(0, at))[Number(source.slice(at + 1))];
        return step && 'say' in step ? step.say : null;
      },
    }),
  };
}

function startScenario(scenario: Scenario, context: RunStartContext, scripts: ScriptsByDigest | null): DriverStart {
  const problem = missingTool(scenario.script, context.tools) ?? forbiddenCall(scenario.script, context) ?? unforcedFirstStep(scenario.script, context);
  if (problem) return { ok: false, code: 'server_error', message: `Scenario "${scenario.name}": ${problem}` };
  const script = scripts ? { digest: scripts.keep(scenario.script) } : { script: scenario.script };
  const state: ScriptedState = { scenario: scenario.name, ...script, owner: context.owner, threadId: context.thread.id };
  return { ok: true, state, queuedMs: scenario.queued ?? 0 };
}

/**
 * A recorded `call` step keeps the outputs submitted when it was recorded. A replay given other
 * outputs goes on with its script (the app may have changed a little), and the journal says so:
 * the answers that follow were made from the recorded outputs.
 */
function noteOtherOutputs({ scenario, owner = '', threadId = '' }: ScriptedState, script: ScriptStep[], context: RunTurnContext, journal: JournalEntry[]): void {
  const previous = script[context.cursor - 1];
  if (!previous || !('call' in previous) || previous.outputs === undefined) return;
  const sorted = (outputs: readonly string[]) => JSON.stringify([...outputs].sort());
  const submitted = context.latestOutputs.map((o) => o.output);
  if (sorted(submitted) === sorted(previous.outputs)) return;
  const error = `Scenario "${scenario}": the tool outputs submitted after script[${context.cursor - 1}] were ${JSON.stringify(submitted)}, the recording had ${JSON.stringify(previous.outputs)}; the run goes on as recorded.`;
  // `next` may be asked twice for one step (a step with a delay): one note is enough.
  if (journal.at(-1)?.error === error) return;
  addToJournal(journal, { owner, threadId, message: context.newestUserMessage, nearest: null, error });
}

function addToJournal(journal: JournalEntry[], entry: JournalEntry): void {
  journal.push(entry);
  if (journal.length > MAX_JOURNAL_ENTRIES) journal.splice(0, journal.length - MAX_JOURNAL_ENTRIES);
}

function unmatchedMessage(message: string | null, nearest: { name: string; reason: string } | null): string {
  const asked = message === null ? 'a thread with no user message' : `the message ${JSON.stringify(truncate(message))}`;
  const near = nearest ? ` The nearest scenario is "${nearest.name}": ${nearest.reason}.` : ' No scenarios are loaded.';
  return `assistants-mock: no scenario matches ${asked}.${near}`;
}

const truncate = (text: string, max = 200) => (text.length > max ? `${text.slice(0, max)}…` : text);

/** A script may only use tools the run has: a called function must be among its function tools. */
function missingTool(script: ScriptStep[], tools: RunStartContext['tools']): string | null {
  const has = (type: string) => tools.some((tool) => tool.type === type);
  const functions = new Set(tools.flatMap((tool) => (tool.type === 'function' && tool.function ? [tool.function.name] : [])));
  for (const [index, step] of script.entries()) {
    if ('code_interpreter' in step && !has('code_interpreter'))
      return `script[${index}] uses code_interpreter, but the run has no code_interpreter tool`;
    if (('file_search' in step || ('call' in step && step.searched)) && !has('file_search')) return `script[${index}] uses file_search, but the run has no file_search tool`;
    if ('call' in step) {
      for (const name of callsOf(step.call).map((call) => call.name)) {
        if (!functions.has(name)) {
          const known = [...functions].join(', ') || 'none';
          return `script[${index}] calls function "${name}", which is not among the run's function tools (${known})`;
        }
      }
    }
  }
  return null;
}

/**
 * A script may only do what the run lets the model do: with `tool_choice: "none"` the model calls no
 * tool, and with `parallel_tool_calls: false` it makes one call at a time.
 */
function forbiddenCall(script: ScriptStep[], context: RunStartContext): string | null {
  for (const [index, step] of script.entries()) {
    const tool = toolOf(step);
    if (tool && context.toolChoice === 'none') return `script[${index}] uses ${tool}, but the run's tool_choice is "none"`;
    const calls = 'call' in step ? callsOf(step.call).length : 0;
    if (calls > 1 && !context.parallelToolCalls) {
      return `script[${index}] calls ${calls} functions at once, but the run's parallel_tool_calls is false`;
    }
  }
  return null;
}

/** The tool a script step uses (`function` for calls), or null for a step that uses none. */
function toolOf(step: ScriptStep): 'function' | 'code_interpreter' | 'file_search' | null {
  return 'call' in step ? 'function' : 'code_interpreter' in step ? 'code_interpreter' : 'file_search' in step ? 'file_search' : null;
}

/**
 * A `tool_choice` that forces a tool decides the model's first turn, so it decides the script's first
 * step: `"required"` is any tool call ("the model must call one or more tools before responding to
 * the user"), `{type: "function", function: {name}}` a call of that function alone, and
 * `{type: "file_search"}` or `{type: "code_interpreter"}` that tool. Later turns are the model's own.
 */
function unforcedFirstStep(script: ScriptStep[], context: RunStartContext): string | null {
  const choice = context.toolChoice;
  if (choice === null || choice === undefined || choice === 'auto' || choice === 'none') return null;
  const first = script[0];
  const used = first ? toolOf(first) : null;
  const doing = !first ? 'ends without a step' : used === null ? `script[0] ${'say' in first ? 'writes a message' : 'uses no tool'}` : `script[0] uses ${used}`;
  if (choice === 'required') return used ? null : `${doing}, but the run's tool_choice is "required"`;
  if (choice.type !== 'function') return used === choice.type ? null : `${doing}, but the run's tool_choice forces ${choice.type}`;
  const name = choice.function?.name;
  const names = first && 'call' in first ? callsOf(first.call).map((call) => call.name) : [];
  if (used === 'function' && names.every((n) => n === name)) return null;
  const what = used === 'function' ? `script[0] calls ${names.map((n) => `"${n}"`).join(', ')}` : doing;
  return `${what}, but the run's tool_choice forces the function "${name}"`;
}

type Calls = Extract<ScriptStep, { call: unknown }>['call'];

function callsOf(calls: Calls): { name: string; arguments: string }[] {
  const entries = Array.isArray(calls) ? calls.flatMap((c) => Object.entries(c)) : Object.entries(calls);
  return entries.map(([name, args]) => ({ name, arguments: typeof args === 'string' ? args : JSON.stringify(args) }));
}

function toAction(step: ScriptStep, next: ScriptStep | undefined, context: RunTurnContext, scenario: string): Action {
  const timing = { delay: step.delay ?? 0, pace: step.pace ?? 0, ...recordedUsage(step) };
  if ('say' in step) {
    const text = step.literal === true ? step.say : fillTemplate(step.say, context, scenario);
    return { kind: 'say', text, ...(step.literal === true && { literal: true }), ...(step.cut_off === true && { cutOff: cutOffBy(next) }), ...timing };
  }
  if ('call' in step) {
    const searches = step.searched && searchesOf(step.searched, context);
    const textAfter = step.said_after !== undefined && { textAfter: step.said_after };
    return { kind: 'call', calls: callsOf(step.call), ...(searches && { searches }), ...textAfter, ...(step.cut_off === true && { cutOff: cutOffBy(next) }), ...timing };
  }
  if ('code_interpreter' in step) {
    const { input, logs, outputs } = step.code_interpreter;
    // Without scripted output the code runs for real (in the sandbox) and reports what it printed.
    if (logs === undefined && outputs === undefined) return { kind: 'turn', code: input, ...timing };
    const all = [...(logs !== undefined ? [{ logs }] : []), ...(outputs ?? [])];
    return {
      kind: 'code_interpreter',
      input,
      outputs: all.map((o) => ('logs' in o ? { type: 'logs', logs: o.logs } : { type: 'image', image: { file_id: o.image } })),
      ...timing,
    };
  }
  if ('file_search' in step) return { kind: 'file_search', searches: searchesOf(step.file_search, context), ...timing };
  if ('fail' in step) return { kind: 'fail', code: step.fail.code, message: step.fail.message, ...timing };
  if ('empty' in step) return { kind: 'empty', ...timing };
  return { kind: 'incomplete', reason: step.incomplete, ...timing };
}

/** A step's searches: the query (default: the newest user message) over the run's stores, or scripted results. */
function searchesOf(searches: FileSearchStep | FileSearchStep[], context: RunTurnContext): Search[] {
  return [searches].flat().map(({ query, results }) => ({
    query: query ?? context.newestUserMessage ?? '',
    results: results?.map((r) => ({
      file_id: r.file_id,
      file_name: r.file_name ?? r.file_id,
      score: r.score ?? 1,
      content: r.text === undefined ? [] : [{ type: 'text' as const, text: r.text }],
    })),
  }));
}

/** A step's usage as the model reported it (a recording), in the shape the engine reports usage. */
const recordedUsage = (step: ScriptStep) => ('usage' in step && step.usage ? { usage: usageOf(step.usage.prompt_tokens, step.usage.completion_tokens) } : {});

/** A cut-off message or call ends the run: failed when a `fail` step follows (the load allows no other), else incomplete. */
function cutOffBy(next: ScriptStep | undefined): MessageCutOff {
  if (next && 'fail' in next) return { reason: 'run_failed', code: next.fail.code, message: next.fail.message };
  return { reason: 'max_tokens' };
}

/**
 * `{{outputs.NAME}}`: the output of the latest call to NAME; `{{outputs}}`: every output of the latest
 * submission, joined by newlines; `{{message}}`: the newest user message.
 */
function fillTemplate(text: string, context: RunTurnContext, scenario: string): string {
  return text.replace(/\{\{\s*(outputs(?:\.([\w-]+))?|message)\s*\}\}/g, (whole, key: string, name?: string) => {
    if (key === 'message') return context.newestUserMessage ?? '';
    if (name === undefined) return context.latestOutputs.map((o) => o.output).join('\n');
    const output = [...context.outputs].reverse().find((o) => o.name === name);
    if (!output) throw new Error(`Scenario "${scenario}": ${whole} has no output of "${name}" yet`);
    return output.output;
  });
}
