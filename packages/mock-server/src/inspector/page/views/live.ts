/// <reference lib="dom" />
import type { Run } from 'openai/resources/beta/threads/runs/runs';
import { inspector } from '../api.js';
import { h, show, statusBadge } from '../dom.js';
import { t, when } from '../i18n.js';
import type { List, RunSource } from '../types.js';
import { emptyNote, runHref, sourceLabel } from './common.js';

/** The runs that changed lately, newest first, looked at again every second; a run opens followed live. */
export function liveView(main: HTMLElement): () => void {
  const table = h('div', {}, h('p', { class: 'muted' }, t('loading')));
  show(main, h('h1', {}, t('recentRuns')), table);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const refresh = async () => {
    try {
      const runs = await inspector<List<{ run: Run; source: RunSource | null }>>('/runs?limit=50');
      if (stopped) return;
      show(table, runs.data.length === 0 ? emptyNote() : h('table', { class: 'list' },
        h('thead', {}, h('tr', {}, h('th', {}, t('run')), h('th', {}, t('status')), h('th', {}, t('playedBy')), h('th', {}, t('thread')), h('th', {}, t('created')))),
        h('tbody', {}, runs.data.map(({ run, source }) => h('tr', {},
          h('td', {}, h('a', { href: runHref(run.thread_id, run.id) }, h('code', {}, run.id))),
          h('td', {}, statusBadge(run.status)),
          h('td', {}, sourceLabel(source)),
          h('td', {}, h('a', { href: `#/thread/${encodeURIComponent(run.thread_id)}` }, h('code', {}, run.thread_id))),
          h('td', { class: 'nowrap' }, when(run.created_at)),
        ))),
      ));
    } catch (error) {
      show(table, h('p', { class: 'error', role: 'alert' }, (error as Error).message));
    }
    if (!stopped) timer = setTimeout(refresh, 1000);
  };
  void refresh();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
