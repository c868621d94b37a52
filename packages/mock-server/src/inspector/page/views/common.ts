/// <reference lib="dom" />
import { h, show } from '../dom.js';
import { t } from '../i18n.js';
import type { RunSource } from '../types.js';

/** Draws `load`'s result into `main` once it arrives, or the error it met. */
export async function loadInto<T>(main: HTMLElement, load: () => Promise<T>, draw: (value: T) => Node | Node[]): Promise<void> {
  show(main, h('p', { class: 'muted' }, t('loading')));
  try {
    const value = await load();
    const drawn = draw(value);
    show(main, ...(Array.isArray(drawn) ? drawn : [drawn]));
  } catch (error) {
    show(main, h('p', { class: 'error', role: 'alert' }, `${t('error')}: ${(error as Error).message}`));
  }
}

export const sourceLabel = (source: RunSource | null): string => {
  if (!source) return t('unknownSource');
  if (source.kind === 'scenario') return `${t('scenario')} “${source.name}”`;
  if (source.kind === 'refused') return t('refused');
  return source.name ? `${source.kind} (${source.name})` : source.kind;
};

export const runHref = (threadId: string, runId: string, anchor?: string) =>
  `#/run/${encodeURIComponent(threadId)}/${encodeURIComponent(runId)}${anchor ? `/${encodeURIComponent(anchor)}` : ''}`;

export const emptyNote = () => h('p', { class: 'muted' }, t('empty'));
