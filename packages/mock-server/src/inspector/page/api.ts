/// <reference lib="dom" />
/** The page talks to this server as a client would: the OpenAI API under /v1 and the inspector's routes, with the chosen bearer key. */
const KEY_STORAGE = 'assistants-mock.key';

export const apiKey = (): string => localStorage.getItem(KEY_STORAGE) ?? '';
export const setApiKey = (key: string): void => localStorage.setItem(KEY_STORAGE, key.trim());

export class RequestFailed extends Error {}

/**
 * Marks the page's own requests, so what the server keeps per key about a test's requests (a request
 * journal, injected faults) can leave out someone looking at that key in the inspector.
 */
export const INSPECTOR_HEADER = 'x-assistants-mock-inspector';

function headers(extra: HeadersInit = {}): Headers {
  const all = new Headers(extra);
  all.set('authorization', `Bearer ${apiKey()}`);
  all.set('openai-beta', 'assistants=v2');
  all.set(INSPECTOR_HEADER, '1');
  return all;
}

async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
  return parse<T>(await fetch(path, { ...init, headers: headers(init.headers) }));
}

async function parse<T>(response: Response): Promise<T> {
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new RequestFailed(body?.error?.message ?? `${response.status} ${response.statusText}`);
  }
  return (await response.json()) as T;
}

/** The OpenAI API of this server. */
export const api = <T>(path: string, init?: RequestInit) => request<T>(`/v1${path}`, init);
/** The inspector's own routes. */
export const inspector = <T>(path: string) => request<T>(`/__assistants_mock/inspector${path}`);
/** Other control routes of this server (null when it has no such route). */
export async function control<T>(path: string): Promise<T | null> {
  const response = await fetch(`/__assistants_mock${path}`, { headers: headers() });
  return response.status === 404 ? null : parse<T>(response);
}

export const postJson = <T>(path: string, body: unknown) =>
  api<T>(path, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

/** A file's bytes as a URL the page can show (files need the key, so an <img src> cannot fetch them itself). */
export async function fileUrl(fileId: string): Promise<string> {
  const response = await fetch(`/v1/files/${encodeURIComponent(fileId)}/content`, { headers: headers() });
  if (!response.ok) throw new RequestFailed(`${response.status}`);
  return URL.createObjectURL(await response.blob());
}

/**
 * Reads a server-sent event stream (the run events the API streams), calling `onEvent` per event.
 * EventSource cannot send an Authorization header, so the stream is read from fetch.
 */
export async function readEvents(path: string, onEvent: (event: string, data: string) => void, signal: AbortSignal): Promise<void> {
  const response = await fetch(`/__assistants_mock/inspector${path}`, { headers: headers(), signal });
  if (!response.ok || !response.body) throw new RequestFailed(`${response.status}`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) !== -1) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const field = (name: string) => block.split('\n').find((line) => line.startsWith(`${name}: `))?.slice(name.length + 2) ?? '';
      onEvent(field('event'), field('data'));
    }
  }
}
