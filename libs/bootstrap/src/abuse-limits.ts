/**
 * The configuration of the abuse limits (issue 4 part 8): how many public report submissions one
 * client address may send in a window (`REPORT_RATE_LIMIT`), and which proxies are believed when they
 * name the client in `X-Forwarded-For` (`TRUST_PROXY`).
 */

/** At most `limit` requests per client address in any window of `windowMs` milliseconds. */
export interface RateLimit {
  limit: number;
  windowMs: number;
}

/** The default of `REPORT_RATE_LIMIT`: 10 report submissions per client address a minute. */
export const DEFAULT_REPORT_RATE_LIMIT: RateLimit = { limit: 10, windowMs: 60_000 };

const UNIT_MS: Record<string, number> = { s: 1_000, sec: 1_000, second: 1_000, m: 60_000, min: 60_000, minute: 60_000, h: 3_600_000, hour: 3_600_000 };

/**
 * Parses `REPORT_RATE_LIMIT`: `<count>/<window>` where the window is a unit (`second`, `minute`,
 * `hour`; also `s`, `sec`, `m`, `min`, `h`) optionally preceded by a whole number: `10/minute`,
 * `10/min`, `30/5m`, `100/hour`. `off` (or `0`) turns the limit off.
 * @returns the limit, or null for off; undefined or empty text gives DEFAULT_REPORT_RATE_LIMIT
 * @throws Error naming the variable (the value is not secret and is quoted) when the text is not of that form
 */
export function parseRateLimit(text: string | undefined): RateLimit | null {
  if (text === undefined || text.trim() === '') return DEFAULT_REPORT_RATE_LIMIT;
  const value = text.trim().toLowerCase();
  if (value === 'off' || value === '0') return null;
  const m = /^(\d{1,9})\s*\/\s*(\d{1,6})?\s*([a-z]+)$/.exec(value);
  // `minutes`, `hours`, `seconds` too: the plural's s dropped.
  const unit = m ? (UNIT_MS[m[3]!] ?? UNIT_MS[m[3]!.replace(/s$/, '')]) : undefined;
  const count = m ? Number(m[1]) : 0;
  const times = m?.[2] === undefined ? 1 : Number(m[2]);
  if (!m || unit === undefined || count < 1 || times < 1) {
    throw new Error(`invalid configuration: REPORT_RATE_LIMIT ("${text}": expected <count>/<window> such as 10/minute, 30/5m or 100/hour, or off)`);
  }
  return { limit: count, windowMs: times * unit };
}

/** What Express's `trust proxy` setting accepts: false (the default), true, a hop count, or addresses and subnets. */
export type TrustProxy = boolean | number | string;

/**
 * Parses `TRUST_PROXY`, which decides whether `X-Forwarded-For` names the client (Express's `trust
 * proxy`): unset, empty or `false` → false (the socket's peer address is the client; the header is
 * ignored); `true` → every proxy is trusted (only when nothing but the proxy can reach the app);
 * a whole number n → the n-th address from the right; otherwise a comma-separated list of addresses,
 * CIDR subnets or Express's names `loopback`, `linklocal`, `uniquelocal` → the proxies trusted.
 * @throws Error when an element of the list is neither an IP address, a subnet nor one of those names
 */
export function parseTrustProxy(text: string | undefined): TrustProxy {
  const value = text?.trim() ?? '';
  if (value === '' || value.toLowerCase() === 'false') return false;
  if (value.toLowerCase() === 'true') return true;
  if (/^\d{1,2}$/.test(value)) return Number(value);
  const names = new Set(['loopback', 'linklocal', 'uniquelocal']);
  const entries = value.split(',').map((s) => s.trim());
  const address = /^(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-fA-F:]*:[0-9a-fA-F:.]*)(?:\/\d{1,3})?$/;
  if (entries.some((e) => !names.has(e) && !address.test(e))) {
    throw new Error(`invalid configuration: TRUST_PROXY ("${value}": expected true, false, a hop count, or addresses/subnets/loopback, comma-separated)`);
  }
  return entries.join(',');
}
