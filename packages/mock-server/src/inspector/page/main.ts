/// <reference lib="dom" />
import './style.css';
import { apiKey, setApiKey } from './api.js';
import { h, show } from './dom.js';
import { currentLang, t, toggleLang, type Word } from './i18n.js';
import { threadsView } from './views/threads.js';
import { threadView } from './views/thread.js';
import { runView } from './views/run.js';
import { liveView } from './views/live.js';
import { missesView } from './views/misses.js';
import { scenariosView } from './views/scenarios.js';
import { storesView, storeView } from './views/stores.js';
import { requestsView } from './views/requests.js';

/** A view draws into `main` and returns how to stop what it keeps running (a live stream, a refresh timer). */
export type View = (main: HTMLElement, params: string[], query: URLSearchParams) => (() => void) | void;

const TABS: { word: Word; hash: string; view: View }[] = [
  { word: 'threads', hash: 'threads', view: threadsView },
  { word: 'live', hash: 'live', view: liveView },
  { word: 'misses', hash: 'misses', view: missesView },
  { word: 'scenarios', hash: 'scenarios', view: scenariosView },
  { word: 'stores', hash: 'stores', view: storesView },
  { word: 'requests', hash: 'requests', view: requestsView },
];

const DETAIL_VIEWS: Record<string, View> = { thread: threadView, run: runView, store: storeView };

let stopView: (() => void) | void;

function route(): void {
  const [path = '', search = ''] = location.hash.replace(/^#\/?/, '').split('?');
  const [name = 'threads', ...params] = path.split('/').map(decodeURIComponent);
  const tab = TABS.find((candidate) => candidate.hash === name);
  const view = tab?.view ?? DETAIL_VIEWS[name] ?? threadsView;
  stopView?.();
  document.documentElement.lang = currentLang();
  const main = h('main', { id: 'main', tabindex: -1 });
  show(document.body, header(tab?.hash ?? (name === 'run' ? 'live' : name === 'store' ? 'stores' : 'threads')), main);
  if (!apiKey()) {
    show(main, h('p', { class: 'notice' }, t('noKey')));
    document.querySelector<HTMLInputElement>('#api-key')?.focus();
    return;
  }
  stopView = view(main, params, new URLSearchParams(search));
}

function header(active: string): HTMLElement {
  const keyInput = h('input', { id: 'api-key', name: 'key', value: apiKey(), autocomplete: 'off', spellcheck: false, 'aria-label': t('apiKey') });
  return h(
    'header',
    {},
    h('a', { class: 'skip', href: '#main', onclick: (e) => (e.preventDefault(), document.getElementById('main')?.focus()) }, t('skip')),
    h('strong', { class: 'brand' }, 'assistants-mock'),
    h(
      'nav',
      { 'aria-label': 'Views' },
      TABS.map((tab, index) =>
        h('a', { href: `#/${tab.hash}`, 'aria-current': tab.hash === active ? 'page' : null, title: `${t(tab.word)} (${index + 1})` }, t(tab.word)),
      ),
    ),
    h(
      'form',
      { class: 'key', onsubmit: (e) => (e.preventDefault(), setApiKey(keyInput.value), route()) },
      h('label', { for: 'api-key' }, t('apiKey')),
      keyInput,
      h('button', { type: 'submit' }, t('useKey')),
    ),
    h('button', { type: 'button', class: 'lang', onclick: () => (toggleLang(), route()) }, t('language')),
  );
}

/** Keys 1–6 switch views (not while typing). */
document.addEventListener('keydown', (event) => {
  const target = event.target as HTMLElement;
  if (event.altKey || event.ctrlKey || event.metaKey || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
  const tab = TABS[Number(event.key) - 1];
  if (tab) location.hash = `#/${tab.hash}`;
});

window.addEventListener('hashchange', () => {
  route();
  document.getElementById('main')?.focus({ preventScroll: true }); // keyboard users land on what they opened
});
route();
