// The honest floor: bare Hono + @hono/node-server + better-sqlite3 doing the least the same endpoints
// must do, with the same SQLite settings and one transaction per write: parse the JSON body, insert
// rows, answer the object; answer a stored object or a page of them as stored, never parsing and
// re-serialising the JSON. No auth, validation, scoping, runs or error shapes.
import { randomBytes } from 'node:crypto';
import { serve } from '@hono/node-server';
import Database from 'better-sqlite3';
import { Hono } from 'hono';

const db = new Database(process.argv[2] ?? ':memory:');
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec(`
  CREATE TABLE IF NOT EXISTS threads (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, body TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS messages (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, thread_id TEXT NOT NULL, body TEXT NOT NULL);
  CREATE INDEX IF NOT EXISTS messages_by_thread ON messages (thread_id, seq);
`);
const insertThread = db.prepare('INSERT INTO threads (id, body) VALUES (?, ?)');
const insert = db.prepare('INSERT INTO messages (id, thread_id, body) VALUES (?, ?, ?)');
const byId = db.prepare('SELECT body FROM messages WHERE id = ?').pluck();
const newest = db.prepare('SELECT id, body FROM messages WHERE thread_id = ? ORDER BY seq DESC LIMIT ?');

interface NewMessage {
  role: string;
  content: string;
}

const newId = (prefix: string) => `${prefix}${randomBytes(12).toString('base64url').slice(0, 24)}`;
const json = (text: string) => new Response(text, { headers: { 'content-type': 'application/json' } });

function insertMessage(threadId: string, input: NewMessage): string {
  // The same object the API returns, so both sides move the same bytes.
  const id = newId('msg_');
  const text = JSON.stringify({
    id,
    object: 'thread.message',
    created_at: Math.floor(Date.now() / 1000),
    assistant_id: null,
    thread_id: threadId,
    run_id: null,
    role: input.role,
    content: [{ type: 'text', text: { value: input.content, annotations: [] } }],
    attachments: [],
    metadata: {},
    status: 'completed',
    incomplete_details: null,
    completed_at: null,
    incomplete_at: null,
  });
  insert.run(id, threadId, text);
  return text;
}

const app = new Hono()
  .post('/v1/threads', async (c) => {
    const body = await c.req.json<{ messages?: NewMessage[] }>();
    const thread = { id: newId('thread_'), object: 'thread', created_at: Math.floor(Date.now() / 1000), metadata: {}, tool_resources: {} };
    const text = JSON.stringify(thread);
    db.transaction(() => {
      insertThread.run(thread.id, text);
      for (const message of body.messages ?? []) insertMessage(thread.id, message);
    })();
    return json(text);
  })
  .post('/v1/threads/:thread_id/messages', async (c) => json(insertMessage(c.req.param('thread_id'), await c.req.json<NewMessage>())))
  .get('/v1/threads/:thread_id/messages/:id', (c) => {
    const body = byId.get(c.req.param('id')) as string | undefined;
    return body ? json(body) : c.json({ error: 'not found' }, 404);
  })
  .get('/v1/threads/:thread_id/messages', (c) => {
    const limit = Number(c.req.query('limit') ?? 20);
    const rows = newest.all(c.req.param('thread_id'), limit + 1) as { id: string; body: string }[];
    const page = rows.slice(0, limit);
    const idOf = (row: { id: string } | undefined) => JSON.stringify(row?.id ?? null);
    const data = page.map((row) => row.body).join(',');
    return json(`{"object":"list","data":[${data}],"first_id":${idOf(page[0])},"last_id":${idOf(page.at(-1))},"has_more":${rows.length > limit}}`);
  });

serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  console.log(`baseline listening on http://127.0.0.1:${info.port}/v1`);
});
process.once('SIGTERM', () => process.exit(0));
