/**
 * A fetch that answers from the app with no socket in between. Like a real fetch, aborting the
 * request's signal errors a streaming body (the SDK sees an AbortError) and cancels it at the
 * source, so the handler learns that the client went away (`AssistantStream.abort()`).
 */
export function inProcessFetch(app: { fetch(request: Request): Response | Promise<Response> }): typeof fetch {
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const response = await app.fetch(request);
    const streaming = (response.headers.get('content-type') ?? '').startsWith('text/event-stream');
    if (!streaming || !response.body) return response;
    return new Response(abortable(response.body, request.signal), response);
  }) as typeof fetch;
}

function abortable(body: ReadableStream<Uint8Array>, signal: AbortSignal): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let settled = false;
  let abort = () => {};
  const settle = () => {
    settled = true;
    signal.removeEventListener('abort', abort);
  };
  return new ReadableStream<Uint8Array>({
    start(controller) {
      abort = () => {
        if (settled) return;
        settle();
        controller.error(signal.reason);
        reader.cancel(signal.reason).catch(() => undefined);
      };
      if (signal.aborted) abort();
      else signal.addEventListener('abort', abort, { once: true });
    },
    async pull(controller) {
      const { done, value } = await reader.read();
      if (settled) return;
      if (!done) return controller.enqueue(value);
      settle();
      controller.close();
    },
    cancel(reason) {
      settle();
      return reader.cancel(reason);
    },
  });
}
