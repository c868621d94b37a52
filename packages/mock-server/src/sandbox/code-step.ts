import type { Assistant } from 'openai/resources/beta/assistants';
import type { FileObject } from 'openai/resources/files';
import type { Thread } from 'openai/resources/beta/threads/threads';
import type { CodeOutput } from '../engine/actions.js';
import { buildFile } from '../objects/file.js';
import { extractText } from '../retrieval/extract.js';
import type { Store } from '../store/index.js';
import type { SandboxFile, SandboxPool } from './pool.js';

/** Where a code_interpreter call of a run executes. */
export interface CodeCallContext {
  store: Store;
  sandbox: SandboxPool;
  owner: string;
  assistantId: string;
  threadId: string;
  /** Clock time in milliseconds, for reading files and dating the ones written. */
  nowMs: number;
}

export interface CodeCallResult {
  /** The tool call's `outputs`: the cell's logs, when it printed anything. */
  outputs: CodeOutput[];
  /** The files the code wrote under /mnt/data/, stored with purpose `assistants_output`. */
  files: FileObject[];
}

const seconds = (ms: number) => Math.floor(ms / 1000);

/**
 * Runs the code of a code_interpreter call in the thread's sandbox, as the hosted service does: the files
 * given to code_interpreter (the assistant's and the thread's `tool_resources`, and messages' attachments
 * for the tool) are under /mnt/data/ named by their file id, and what the code writes there comes back
 * as new files. Reads and writes the store outside any transaction; only the run in between is awaited.
 */
export async function runCodeCall(ctx: CodeCallContext, code: string): Promise<CodeCallResult> {
  const result = await ctx.sandbox.run(`${ctx.owner}\n${ctx.threadId}`, code, inputFiles(ctx));
  const outputs: CodeOutput[] = result.logs === '' ? [] : [{ type: 'logs', logs: result.logs }];
  return { outputs, files: await storeOutputs(ctx, result.files) };
}

/** The code_interpreter files of the assistant, the thread and its messages, still present. */
function inputFiles(ctx: CodeCallContext): SandboxFile[] {
  const { store, owner } = ctx;
  const assistant = store.assistants.get({ owner }, ctx.assistantId) as Assistant | undefined;
  const thread = store.threads.get({ owner }, ctx.threadId) as Thread | undefined;
  const ids = new Set([
    ...(assistant?.tool_resources?.code_interpreter?.file_ids ?? []),
    ...(thread?.tool_resources?.code_interpreter?.file_ids ?? []),
    ...attachedForCode(ctx),
  ]);
  return [...ids].flatMap((id) => {
    const bytes = store.files.content(owner, id, seconds(ctx.nowMs));
    return bytes ? [{ name: id, bytes: new Uint8Array(bytes) }] : [];
  });
}

/** Files attached to the thread's messages for code_interpreter. */
function attachedForCode(ctx: CodeCallContext): string[] {
  const ids: string[] = [];
  let after: string | undefined;
  for (;;) {
    const page = ctx.store.messages.page({ owner: ctx.owner, parentId: ctx.threadId }, { limit: 100, order: 'asc', after });
    for (const message of page.data) {
      for (const attachment of message.attachments ?? []) {
        if (attachment.file_id && attachment.tools?.some((tool) => tool.type === 'code_interpreter')) ids.push(attachment.file_id);
      }
    }
    if (!page.hasMore || page.data.length === 0) return ids;
    after = page.data.at(-1)!.id;
  }
}

/** Stores the written files as `assistants_output` files named by their sandbox path, in one transaction. */
async function storeOutputs(ctx: CodeCallContext, written: readonly SandboxFile[]): Promise<FileObject[]> {
  // Text extraction (for a later file_search) may be asynchronous: done before the transaction.
  const extracted = await Promise.all(written.map((file) => extractText(file.name, file.bytes)));
  return ctx.store.transaction(() =>
    written.map((file, index) => {
      const object = buildFile({
        filename: `/mnt/data/${file.name}`,
        bytes: file.bytes.byteLength,
        purpose: 'assistants_output',
        createdAt: seconds(ctx.nowMs),
      });
      return ctx.store.files.insert(ctx.owner, object, file.bytes, extracted[index]!);
    }),
  );
}
