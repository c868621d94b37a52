/// <reference lib="dom" />
import type { Message } from 'openai/resources/beta/threads/messages';
import type { RunStep, ToolCall } from 'openai/resources/beta/threads/runs/steps';
import { api, inspector } from '../api.js';
import { ACTIVE_STATUSES as ACTIVE, followRun } from '../follow.js';
import { h, pretty, show, statusBadge } from '../dom.js';
import { t, when } from '../i18n.js';
import type { List, RunDetail, RunStatusEntry } from '../types.js';
import { sourceLabel } from './common.js';

/**
 * One run: what played it, its status history on the run's clock, each step with its calls and results,
 * and usage. While the run is active the view follows its event stream: every event shows in the log
 * as it arrives and the run is drawn again from what the server stored.
 */
export function runView(main: HTMLElement, [threadId = '', runId = '', anchor]: string[]): () => void {
  const base = `/threads/${encodeURIComponent(threadId)}/runs/${encodeURIComponent(runId)}`;
  const body = h('div', {}, h('p', { class: 'muted' }, t('loading')));
  const log = h('ol', { class: 'events', 'aria-live': 'polite' });
  const logSection = h('section', { class: 'live', hidden: true }, h('h2', {}, t('events')), log);
  show(main, h('h1', {}, t('run'), ' ', h('code', {}, runId)), body, logSection);
  const stop = new AbortController();
  let redraw: ReturnType<typeof setTimeout> | undefined;

  const draw = async () => {
    const [detail, messages] = await Promise.all([
      inspector<RunDetail>(base),
      api<List<Message>>(`/threads/${encodeURIComponent(threadId)}/messages?run_id=${encodeURIComponent(runId)}&order=asc&limit=100`),
    ]);
    if (stop.signal.aborted) return detail;
    show(body, runBody(detail, new Map(messages.data.map((m) => [m.id, m]))));
    if (anchor) highlight(anchor);
    return detail;
  };
  const scheduleDraw = () => (redraw ??= setTimeout(() => ((redraw = undefined), void draw().catch(() => undefined)), 100));

  const follow = async () => {
    logSection.hidden = false;
    const onEvent = (event: string, data: string) => {
      log.append(eventLine(event, data));
      scheduleDraw();
    };
    try {
      await followRun(base, onEvent, async () => (await draw()).run.status, stop.signal);
    } catch (error) {
      if (!stop.signal.aborted) log.append(h('li', { class: 'error' }, (error as Error).message));
    }
  };

  draw().then((detail) => void (ACTIVE.includes(detail.run.status) && follow()), (error: Error) => show(body, h('p', { class: 'error', role: 'alert' }, error.message)));
  return () => {
    stop.abort();
    clearTimeout(redraw);
  };
}

function eventLine(event: string, data: string): HTMLElement {
  let piece = '';
  if (event === 'thread.message.delta') {
    const delta = JSON.parse(data) as { delta: { content?: { text?: { value?: string } }[] } };
    piece = delta.delta.content?.map((c) => c.text?.value ?? '').join('') ?? '';
  } else if (event.startsWith('thread.run.') && !event.startsWith('thread.run.step.')) {
    piece = (JSON.parse(data) as { status: string }).status;
  }
  return h('li', { 'data-event': event }, h('code', {}, event), piece && [' ', h('span', { class: 'text' }, piece)]);
}

function highlight(anchor: string): void {
  const target = document.getElementById(anchor);
  target?.classList.add('highlight');
  target?.scrollIntoView({ block: 'center' });
}

function runBody({ run, source, history, steps, file_search_queries: queries }: RunDetail, messages: Map<string, Message>): Node[] {
  return [
    h('dl', { class: 'facts' },
      h('dt', {}, t('status')), h('dd', {}, statusBadge(run.status), ACTIVE.includes(run.status) && h('span', { class: 'muted' }, ` ${t('following')}`)),
      h('dt', {}, t('playedBy')), h('dd', { class: 'source' }, sourceLabel(source), source?.kind === 'refused' && h('div', { class: 'muted text' }, source.message)),
      h('dt', {}, t('thread')), h('dd', {}, h('a', { href: `#/thread/${encodeURIComponent(run.thread_id)}` }, h('code', {}, run.thread_id))),
      h('dt', {}, t('model')), h('dd', {}, run.model),
      h('dt', {}, t('created')), h('dd', {}, when(run.created_at)),
      h('dt', {}, t('usage')), h('dd', {}, run.usage ? `prompt ${run.usage.prompt_tokens} · completion ${run.usage.completion_tokens} · total ${run.usage.total_tokens}` : '—'),
      run.last_error && [h('dt', {}, 'last_error'), h('dd', { class: 'error text' }, `${run.last_error.code}: ${run.last_error.message}`)],
    ),
    h('section', { 'aria-labelledby': 'timeline' }, h('h2', { id: 'timeline' }, t('timeline')), timeline(history)),
    h('section', { 'aria-labelledby': 'steps' }, h('h2', { id: 'steps' }, t('steps')), h('ol', { class: 'steps' }, steps.map((step) => stepItem(step, messages, queries[step.id])))),
  ];
}

/** The statuses on the run's clock: milliseconds from its creation, with a bar to scale. */
function timeline(history: RunStatusEntry[]): HTMLElement {
  const start = history[0]?.at_ms ?? 0;
  const span = Math.max(1, (history.at(-1)?.at_ms ?? start) - start);
  return h('ol', { class: 'timeline' }, history.map((entry) =>
    h('li', { 'data-status': entry.status },
      h('span', { class: 'offset' }, `+${entry.at_ms - start} ms`),
      h('span', { class: 'track' }, h('span', { class: 'mark', style: `left:${((entry.at_ms - start) / span) * 100}%` })),
      statusBadge(entry.status),
      entryDetail(entry),
    ),
  ));
}

function entryDetail({ detail }: RunStatusEntry): Node | null {
  if (!detail) return null;
  const calls = detail['tool_calls'] as { id: string; function: { name: string; arguments: string } }[] | undefined;
  if (calls) return h('div', { class: 'detail' }, h('span', { class: 'muted' }, `${t('callsAsked')}: `), calls.map((c) => h('div', { class: 'call' }, h('code', {}, c.function.name), ' ', h('code', { class: 'muted' }, c.id), h('pre', {}, pretty(c.function.arguments)))));
  const outputs = detail['tool_outputs'] as { tool_call_id: string; name: string; output: string }[] | undefined;
  if (outputs) return h('div', { class: 'detail' }, h('span', { class: 'muted' }, `${t('outputsGiven')}: `), outputs.map((o) => h('div', { class: 'call' }, h('code', {}, o.name), ' ', h('code', { class: 'muted' }, o.tool_call_id), h('pre', {}, pretty(o.output)))));
  const error = detail['last_error'] as { code: string; message: string } | undefined;
  if (error) return h('div', { class: 'detail error text' }, `${error.code}: ${error.message}`);
  const incomplete = detail['incomplete_details'] as { reason: string } | undefined;
  if (incomplete) return h('div', { class: 'detail' }, incomplete.reason);
  return null;
}

function stepItem(step: RunStep, messages: Map<string, Message>, query: string | undefined): HTMLElement {
  const details = step.step_details;
  let content: Node | Node[];
  if (details.type === 'message_creation') {
    const message = messages.get(details.message_creation.message_id);
    const text = message?.content.map((p) => (p.type === 'text' ? p.text.value : `[${p.type}]`)).join('\n') ?? details.message_creation.message_id;
    content = h('div', { class: 'text' }, text);
  } else {
    content = details.tool_calls.map((call) => toolCall(call, query));
  }
  return h('li', { class: 'step', id: `step-${step.id}` },
    h('div', { class: 'meta' }, h('strong', {}, details.type === 'message_creation' ? 'message_creation' : 'tool_calls'), ' ', statusBadge(step.status), ' · ', when(step.created_at),
      step.usage && h('span', { class: 'muted' }, ` · ${t('usage')} ${step.usage.total_tokens}`)),
    content,
  );
}

function toolCall(call: ToolCall, query: string | undefined): HTMLElement {
  if (call.type === 'function') {
    return h('div', { class: 'call', 'data-call': call.function.name },
      h('div', {}, h('code', {}, `${call.function.name}()`), ' ', h('code', { class: 'muted' }, call.id)),
      h('div', { class: 'muted' }, t('arguments')), h('pre', {}, pretty(call.function.arguments)),
      h('div', { class: 'muted' }, t('output')), h('pre', { class: 'output' }, call.function.output === null ? t('noOutputYet') : pretty(call.function.output)),
    );
  }
  if (call.type === 'code_interpreter') {
    return h('div', { class: 'call', 'data-call': 'code_interpreter' },
      h('div', {}, h('code', {}, 'code_interpreter'), ' ', h('code', { class: 'muted' }, call.id)),
      h('div', { class: 'muted' }, t('input')), h('pre', {}, call.code_interpreter.input),
      h('div', { class: 'muted' }, t('outputs')),
      call.code_interpreter.outputs.map((o) => (o.type === 'logs' ? h('pre', { class: 'output' }, o.logs) : h('code', {}, `image ${o.image.file_id}`))),
    );
  }
  const results = call.file_search.results ?? [];
  return h('div', { class: 'call', 'data-call': 'file_search' },
    h('div', {}, h('code', {}, 'file_search'), ' ', h('code', { class: 'muted' }, call.id)),
    query !== undefined && [h('div', { class: 'muted' }, t('query')), h('pre', { class: 'query' }, query)],
    h('div', { class: 'muted' }, `${t('results')} (${results.length})`),
    h('ol', { class: 'results', start: 0 }, results.map((r, n) =>
      h('li', { id: `result-${call.id}-${n}` },
        h('strong', {}, r.file_name), ' ', h('code', { class: 'muted' }, r.file_id), ' · ', `${t('score')} ${r.score.toFixed(3)}`,
        h('blockquote', { class: 'chunk' }, r.content?.map((c) => c.text).join('\n') ?? ''),
      ),
    )),
  );
}
