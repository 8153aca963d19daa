/**
 * The bare raw server of `npm run bench` (run as its own process): a `node:http` server that stores
 * each POST's JSON body with ONE INSERT through `pg` (RAW_DATABASE_URL, a pool of 10) or through
 * PGlite (RAW_DATA_DIR, e.g. memory://), and answers 201 `{ position }`. No framework, no
 * validation, no auth: the stack's floor, which the real commands are measured against.
 * GET answers 200 (health).
 */
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';

type Insert = (stream: string, type: string, data: string) => Promise<string>;

const TABLE = `CREATE TABLE IF NOT EXISTS raw_events (
  position bigserial PRIMARY KEY, event_id uuid NOT NULL UNIQUE, stream_id text NOT NULL, type text NOT NULL,
  data jsonb NOT NULL, recorded_at timestamptz NOT NULL DEFAULT now())`;
const INSERT = 'INSERT INTO raw_events (event_id, stream_id, type, data) VALUES ($1, $2, $3, $4::jsonb) RETURNING position';

async function open(): Promise<Insert> {
  const url = process.env['RAW_DATABASE_URL'];
  if (url) {
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    await pool.query(TABLE);
    return async (stream, type, data) => (await pool.query<{ position: string }>(INSERT, [randomUUID(), stream, type, data])).rows[0]!.position;
  }
  const db = new PGlite(process.env['RAW_DATA_DIR'] ?? 'memory://');
  await db.query(TABLE);
  return async (stream, type, data) => String((await db.query<{ position: string }>(INSERT, [randomUUID(), stream, type, data])).rows[0]!.position);
}

const insert = await open();
const server = http.createServer((req, res) => {
  if (req.method !== 'POST') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    let body: { hazardId?: unknown };
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { hazardId?: unknown };
    } catch {
      res.writeHead(400).end();
      return;
    }
    const stream = `hazard-${typeof body.hazardId === 'string' ? body.hazardId : randomUUID()}`;
    insert(stream, 'HazardReported', JSON.stringify(body)).then(
      (position) => res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ position })),
      (e: unknown) => res.writeHead(500).end(String(e)),
    );
  });
});
server.listen(Number(process.env['PORT'] ?? 0), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
