import type { Message, MessageContent } from 'openai/resources/beta/threads/messages';
import type { CreateMessageBody } from '../schemas/common.js';
import { ID_PREFIX, newId } from '../ids.js';

/** A text content part as the API returns it. */
export const textPart = (value: string): MessageContent => ({ type: 'text', text: { value, annotations: [] } });

function toContent(content: CreateMessageBody['content']): MessageContent[] {
  if (typeof content === 'string') return [textPart(content)];
  return content.map((part): MessageContent => {
    switch (part.type) {
      case 'text':
        return textPart(part.text);
      case 'image_file':
        return { type: 'image_file', image_file: { file_id: part.image_file.file_id, detail: part.image_file.detail ?? 'auto' } };
      case 'image_url':
        return { type: 'image_url', image_url: { url: part.image_url.url, detail: part.image_url.detail ?? 'auto' } };
    }
  });
}

/** A message added through the API (not by a run): completed at once, no run or assistant. */
export function buildUserMessage(threadId: string, body: CreateMessageBody, createdAt: number): Message {
  return {
    id: newId(ID_PREFIX.message),
    object: 'thread.message',
    created_at: createdAt,
    assistant_id: null,
    thread_id: threadId,
    run_id: null,
    role: body.role,
    content: toContent(body.content),
    attachments: (body.attachments ?? []).map((a) => ({ file_id: a.file_id, tools: a.tools ?? [] })) as Message['attachments'],
    metadata: body.metadata ?? {},
    status: 'completed',
    incomplete_details: null,
    completed_at: null,
    incomplete_at: null,
  };
}

/** The message a run starts writing: `in_progress`, empty until its deltas arrive. */
export function buildRunMessage(run: { id: string; thread_id: string; assistant_id: string }, createdAt: number): Message {
  return {
    id: newId(ID_PREFIX.message),
    object: 'thread.message',
    created_at: createdAt,
    assistant_id: run.assistant_id,
    thread_id: run.thread_id,
    run_id: run.id,
    role: 'assistant',
    content: [],
    attachments: [],
    metadata: {},
    status: 'in_progress',
    incomplete_details: null,
    completed_at: null,
    incomplete_at: null,
  };
}
