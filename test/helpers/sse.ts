/** One server-sent event as the mock frames it: `event: <name>\ndata: <data>\n\n`. */
export interface SseFrame {
  event: string;
  data: string;
}

const FRAME = /^event: ([^\n]+)\ndata: ([^\n]*)$/;

/** Parses one block (the text between blank lines); null unless it is framed exactly `event:`/`data:`. */
export function parseFrame(block: string): SseFrame | null {
  const match = FRAME.exec(block);
  return match ? { event: match[1]!, data: match[2]! } : null;
}

/** Splits a whole SSE body into frames; throws on anything that is not framed exactly. */
export function parseSseBody(text: string): SseFrame[] {
  if (!text.endsWith('\n\n')) throw new Error(`SSE body does not end with a blank line: ${JSON.stringify(text.slice(-80))}`);
  return text
    .slice(0, -2)
    .split('\n\n')
    .map((block) => {
      const frame = parseFrame(block);
      if (!frame) throw new Error(`SSE block is not framed as "event: <name>\\ndata: <data>": ${JSON.stringify(block.slice(0, 200))}`);
      return frame;
    });
}

/**
 * A pass-through for a response body that hands each complete SSE block to `onBlock` as the bytes
 * go by. Cancelling or erroring the output reaches the source, so a client that aborts is seen.
 */
export function tapSseBlocks(onBlock: (block: string) => void): TransformStream<Uint8Array, Uint8Array> {
  const decoder = new TextDecoder();
  let pending = '';
  const drain = () => {
    for (let end = pending.indexOf('\n\n'); end !== -1; end = pending.indexOf('\n\n')) {
      onBlock(pending.slice(0, end));
      pending = pending.slice(end + 2);
    }
  };
  return new TransformStream({
    transform(chunk, controller) {
      controller.enqueue(chunk);
      pending += decoder.decode(chunk, { stream: true });
      drain();
    },
    flush() {
      pending += decoder.decode();
      drain();
      // Whatever is left was never terminated by a blank line: a framing error to report.
      if (pending !== '') onBlock(pending);
    },
  });
}
