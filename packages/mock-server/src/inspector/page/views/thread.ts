/// <reference lib="dom" />
import type { Message, Annotation } from 'openai/resources/beta/threads/messages';
import type { FileObject } from 'openai/resources/files';
import type { FileSearchToolCall } from 'openai/resources/beta/threads/runs/steps';
import { api, fileUrl, inspector } from '../api.js';
import { h, show, statusBadge } from '../dom.js';
import { ACTIVE_STATUSES, followRun } from '../follow.js';
import { t, when } from '../i18n.js';
import type { List, RunDetail } from '../types.js';
import { emptyNote, loadInto, runHref, sourceLabel } from './common.js';

/** A thread as a conversation, then every run of it; while a run is active, drawn again as its events arrive. */
export function threadView(main: HTMLElement, [threadId = '']: string[]): () => void {
  const id = encodeURIComponent(threadId);
  const stop = new AbortController();
  const followed = new Set<string>();
  let redraw: ReturnType<typeof setTimeout> | undefined;
  const load = () => Promise.all([api<List<Message>>(`/threads/${id}/messages?order=asc&limit=100`), inspector<List<RunDetail>>(`/threads/${id}/runs`)]);
  const draw = ([messages, runs]: Awaited<ReturnType<typeof load>>) => {
    for (const { run } of runs.data) if (ACTIVE_STATUSES.includes(run.status)) follow(run.id);
    return conversation(threadId, messages, runs.data);
  };
  const drawAgain = () =>
    (redraw ??= setTimeout(() => {
      redraw = undefined;
      load().then((loaded) => !stop.signal.aborted && show(main, ...draw(loaded)), () => undefined);
    }, 150));
  const follow = (runId: string) => {
    if (followed.has(runId)) return;
    followed.add(runId);
    const base = `/threads/${id}/runs/${encodeURIComponent(runId)}`;
    const status = async () => (await inspector<RunDetail>(base)).run.status;
    followRun(base, drawAgain, status, stop.signal).then(drawAgain, () => undefined);
  };
  void loadInto(main, load, draw);
  return () => {
    stop.abort();
    clearTimeout(redraw);
  };
}

function conversation(threadId: string, messages: List<Message>, runs: RunDetail[]): HTMLElement[] {
  const byRun = new Map(runs.map((detail) => [detail.run.id, detail]));
  return [
    h('h1', {}, t('thread'), ' ', h('code', {}, threadId)),
    h('section', { 'aria-labelledby': 'conversation' }, h('h2', { id: 'conversation' }, t('conversation')),
      messages.data.length === 0 ? emptyNote() : h('ol', { class: 'conversation' }, messages.data.map((m) => messageCard(m, byRun))),
      messages.has_more && h('p', { class: 'muted' }, t('firstHundred'))),
    h('section', { 'aria-labelledby': 'runs' }, h('h2', { id: 'runs' }, t('runs')), runs.length === 0 ? emptyNote() : runsTable(runs)),
  ];
}

function runsTable(runs: RunDetail[]): HTMLElement {
  return h(
    'table',
    { class: 'list' },
    h('thead', {}, h('tr', {}, h('th', {}, t('run')), h('th', {}, t('status')), h('th', {}, t('playedBy')), h('th', {}, t('created')), h('th', {}, t('usage')))),
    h('tbody', {}, runs.map(({ run, source }) =>
      h('tr', {},
        h('td', {}, h('a', { href: runHref(run.thread_id, run.id) }, h('code', {}, run.id))),
        h('td', {}, statusBadge(run.status)),
        h('td', {}, sourceLabel(source)),
        h('td', { class: 'nowrap' }, when(run.created_at)),
        h('td', {}, run.usage ? String(run.usage.total_tokens) : '—'),
      ),
    )),
  );
}

function messageCard(message: Message, runs: Map<string, RunDetail>): HTMLElement {
  const sources: HTMLElement[] = [];
  const detail = message.run_id ? runs.get(message.run_id) : undefined;
  const parts = message.content.map((part) => {
    if (part.type === 'text') return h('div', { class: 'text' }, annotated(part.text.value, part.text.annotations, message, detail, sources));
    if (part.type === 'image_file') return fileImage(part.image_file.file_id);
    if (part.type === 'image_url') return h('img', { src: part.image_url.url, alt: part.image_url.url, class: 'image' });
    return h('p', { class: 'muted' }, `[${part.type}]`);
  });
  return h(
    'li',
    { class: `message role-${message.role}`, id: `message-${message.id}` },
    h('div', { class: 'meta' },
      h('strong', {}, message.role), ' · ', when(message.created_at),
      message.status !== 'completed' && [' ', statusBadge(message.status)],
      message.run_id && [' · ', h('a', { href: runHref(message.thread_id, message.run_id) }, message.run_id)],
    ),
    parts,
    message.attachments && message.attachments.length > 0 &&
      h('div', { class: 'attachments' }, h('span', { class: 'muted' }, `${t('attachments')}: `),
        message.attachments.map((a) => fileChip(a.file_id ?? '', (a.tools ?? []).map((tool) => tool.type).join(', ')))),
    sources.length > 0 && h('div', { class: 'sources' }, h('h3', {}, t('sources')), h('ol', {}, sources)),
  );
}

/**
 * Message text with its annotations inline: each citation becomes a numbered link to the file_search
 * result it cites (in the run's view), and a source below names the file and shows the cited chunk.
 */
function annotated(text: string, annotations: Annotation[], message: Message, detail: RunDetail | undefined, sources: HTMLElement[]): Node[] {
  const nodes: Node[] = [];
  let last = 0;
  for (const annotation of [...annotations].sort((a, b) => a.start_index - b.start_index)) {
    nodes.push(document.createTextNode(text.slice(last, annotation.start_index)));
    last = annotation.end_index;
    if (annotation.type !== 'file_citation') {
      nodes.push(h('a', { class: 'cite', title: annotation.text }, annotation.text));
      continue;
    }
    const number = sources.length + 1;
    const cited = citedResult(annotation, message, detail);
    const href = cited && detail ? runHref(detail.run.thread_id, detail.run.id, cited.anchor) : undefined;
    nodes.push(h('a', { class: 'cite', href, title: annotation.text, 'data-file-id': annotation.file_citation.file_id }, `[${number}]`));
    sources.push(
      h('li', { class: 'source' },
        h('a', { href }, cited?.result.file_name ?? annotation.text), ' ', h('code', {}, annotation.file_citation.file_id),
        cited && [' · ', `${t('score')} ${cited.result.score.toFixed(3)}`, h('blockquote', { class: 'chunk' }, cited.result.content?.map((c) => c.text).join('\n') ?? '')],
      ),
    );
  }
  nodes.push(document.createTextNode(text.slice(last)));
  return nodes;
}

type Result = NonNullable<FileSearchToolCall['file_search']['results']>[number];

/** The result a citation `【step:N†name】` cites: result N of the latest file_search before the step that wrote the message. */
function citedResult(annotation: Annotation, message: Message, detail: RunDetail | undefined): { result: Result; anchor: string } | null {
  const n = Number(/:(\d+)†/.exec(annotation.text)?.[1] ?? Number.NaN);
  if (!detail || !Number.isInteger(n)) return null;
  const writer = detail.steps.findIndex((s) => s.step_details.type === 'message_creation' && s.step_details.message_creation.message_id === message.id);
  const before = writer === -1 ? detail.steps : detail.steps.slice(0, writer);
  for (const step of [...before].reverse()) {
    if (step.step_details.type !== 'tool_calls') continue;
    const call = step.step_details.tool_calls.find((c): c is FileSearchToolCall => c.type === 'file_search');
    const result = call?.file_search.results?.[n];
    if (call && result) return { result, anchor: `result-${call.id}-${n}` };
  }
  return null;
}

function fileImage(fileId: string): HTMLElement {
  const image = h('img', { class: 'image', alt: fileId });
  fileUrl(fileId).then((url) => (image.src = url), () => image.replaceWith(h('span', { class: 'muted' }, `[${fileId}]`)));
  return image;
}

/** A file by name (looked up), with its id. */
export function fileChip(fileId: string, note = ''): HTMLElement {
  const name = h('span', {}, fileId);
  api<FileObject>(`/files/${encodeURIComponent(fileId)}`).then((file) => (name.textContent = file.filename), () => undefined);
  return h('span', { class: 'chip', title: fileId }, name, note && h('span', { class: 'muted' }, ` (${note})`));
}
