/**
 * The asOf figure over HTTP: `GET /api/v1/statistics/publicity?asOf=<position>` on the filled store,
 * against the raw `GROUP BY` over the same events (lectures held in the year, up to the position),
 * and whether the two agree on the number of lectures.
 */
import pg from 'pg';

/** One measured asOf. */
export interface AsOfFigure {
  position: bigint;
  /** Seconds the route took (the first answer: nothing cached for that position). */
  seconds: number;
  rawSeconds: number;
  /** Lectures in the route's rows, and in the raw count. */
  lectures: number;
  rawLectures: number;
}

/**
 * @param year the figures' year (lectures whose CST `heldAt` falls in it)
 * @throws Error when the route does not answer 200
 */
export async function measureAsOf(baseUrl: string, token: string, databaseUrl: string, position: bigint, year: number): Promise<AsOfFigure> {
  const started = performance.now();
  const res = await fetch(`${baseUrl}/api/v1/statistics/publicity?groupBy=district&year=${year}&asOf=${position}`, { headers: { authorization: `Bearer ${token}` } });
  const text = await res.text();
  const seconds = (performance.now() - started) / 1000;
  if (res.status !== 200) throw new Error(`asOf=${position} answered ${res.status}: ${text.slice(0, 300)}`);
  const rows = (JSON.parse(text) as { rows: { lectures: number }[] }).rows;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const rawStarted = performance.now();
    const { rows: raw } = await client.query<{ d: string; n: string }>(
      `SELECT data->>'districtCode' AS d, count(*) AS n FROM es_events
        WHERE position <= $1 AND type = 'LectureHeld'
          AND extract(year FROM ((data->>'heldAt')::timestamptz AT TIME ZONE 'Asia/Shanghai')) = $2
        GROUP BY 1`,
      [position.toString(), year],
    );
    const rawSeconds = (performance.now() - rawStarted) / 1000;
    return {
      position,
      seconds,
      rawSeconds,
      lectures: rows.reduce((n, r) => n + r.lectures, 0),
      rawLectures: raw.reduce((n, r) => n + Number(r.n), 0),
    };
  } finally {
    await client.end();
  }
}
