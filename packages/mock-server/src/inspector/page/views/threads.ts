/// <reference lib="dom" />
import type { Thread } from 'openai/resources/beta/threads/threads';
import type { Run } from 'openai/resources/beta/threads/runs/runs';
import { inspector } from '../api.js';
import { h, statusBadge } from '../dom.js';
import { t, when } from '../i18n.js';
import type { List } from '../types.js';
import { emptyNote, loadInto } from './common.js';

interface ThreadRow {
  thread: Thread;
  first_message: string | null;
  latest_run: Run | null;
}

/** The key's threads, newest first, a page at a time. */
export function threadsView(main: HTMLElement, _params: string[], query: URLSearchParams): void {
  const after = query.get('after');
  const path = `/threads?limit=20${after ? `&after=${encodeURIComponent(after)}` : ''}`;
  void loadInto(main, () => inspector<List<ThreadRow>>(path), (page) => [
    h('h1', {}, t('threads')),
    page.data.length === 0
      ? emptyNote()
      : h(
          'table',
          { class: 'list' },
          h('thead', {}, h('tr', {}, h('th', {}, t('thread')), h('th', {}, t('created')), h('th', {}, t('firstMessage')), h('th', {}, t('latestRun')))),
          h(
            'tbody',
            {},
            page.data.map(({ thread, first_message, latest_run }) =>
              h(
                'tr',
                {},
                h('td', {}, h('a', { href: `#/thread/${encodeURIComponent(thread.id)}` }, h('code', {}, thread.id))),
                h('td', { class: 'nowrap' }, when(thread.created_at)),
                h('td', { class: 'text' }, first_message ?? '—'),
                h('td', {}, latest_run ? statusBadge(latest_run.status) : '—'),
              ),
            ),
          ),
        ),
    h(
      'nav',
      { class: 'pager', 'aria-label': 'Pages' },
      after && h('a', { href: '#/threads' }, t('newest')),
      page.has_more && page.last_id && h('a', { href: `#/threads?after=${encodeURIComponent(page.last_id)}` }, t('older')),
    ),
  ]);
}
