// The ceiling: bare node:http answering one constant JSON object to every request (after reading its
// body), so the bench shows what the loopback, the load generator and Node's HTTP cost by themselves.
import { createServer } from 'node:http';

const body = JSON.stringify({
  id: 'msg_ceiling000000000000000',
  object: 'thread.message',
  created_at: 0,
  thread_id: 'thread_ceiling0000000000000',
  role: 'user',
  content: [{ type: 'text', text: { value: 'constant', annotations: [] } }],
});
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body));
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address() as { port: number };
  console.log(`ceiling listening on http://127.0.0.1:${address.port}/v1`);
});
process.once('SIGTERM', () => process.exit(0));
