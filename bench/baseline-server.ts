// The floor to compare against: bare Hono + better-sqlite3 doing the least the same endpoints must do
// (parse JSON, insert one row, return JSON; select by id; select one page) with the same SQLite settings,
// and nothing else (no auth, validation, scoping or error shapes).
import { randomBytes } from 'node:crypto';
import { serve } from '@hono/node-server';
import Database from 'better-sqlite3';
import { Hono } from 'hono';

const db = new Database(process.argv[2] ?? ':memory:');
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec(`
  CREATE TABLE IF NOT EXISTS messages (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, thread_id TEXT NOT NULL, body TEXT NOT NULL);
  CREATE INDEX IF NOT EXISTS messages_by_thread ON messages (thread_id, seq);
`);
const insert = db.prepare('INSERT INTO messages (id, thread_id, body) VALUES (?, ?, ?)');
const byId = db.prepare('SELECT body FROM messages WHERE id = ?');
const newest = db.prepare('SELECT body FROM messages WHERE thread_id = ? ORDER BY seq DESC LIMIT ?');

interface NewMessage {
  role: string;
  content: string;
}

function insertMessage(threadId: string, input: NewMessage) {
  // The same object the API returns, so both sides move the same bytes.
  const message = {
    id: `msg_${randomBytes(12).toString('hex')}`,
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
  };
  insert.run(message.id, threadId, JSON.stringify(message));
  return message;
}

const app = new Hono()
  .post('/v1/threads', async (c) => {
    const body = await c.req.json<{ messages?: NewMessage[] }>();
    const id = `thread_${randomBytes(12).toString('hex')}`;
    db.transaction(() => (body.messages ?? []).forEach((m) => insertMessage(id, m)))();
    return c.json({ id, object: 'thread' });
  })
  .post('/v1/threads/:thread_id/messages', async (c) => c.json(insertMessage(c.req.param('thread_id'), await c.req.json<NewMessage>())))
  .get('/v1/threads/:thread_id/messages/:id', (c) => {
    const row = byId.get(c.req.param('id')) as { body: string } | undefined;
    return row ? c.json(JSON.parse(row.body)) : c.json({ error: 'not found' }, 404);
  })
  .get('/v1/threads/:thread_id/messages', (c) => {
    const limit = Number(c.req.query('limit') ?? 20);
    const rows = newest.all(c.req.param('thread_id'), limit + 1) as { body: string }[];
    const data = rows.slice(0, limit).map((row) => JSON.parse(row.body) as { id: string });
    return c.json({ object: 'list', data, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null, has_more: rows.length > limit });
  });

serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  console.log(`baseline listening on http://127.0.0.1:${info.port}/v1`);
});
process.once('SIGTERM', () => process.exit(0));
