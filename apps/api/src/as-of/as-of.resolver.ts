import { ForbiddenException, Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { CLOCK, READ_MODELS } from '#bootstrap';
import { cstDate, type Actor } from '#domain';
import type { AsOfViews, ReadModelReader } from '#projections';
import { validationError } from '../conventions/validation.js';
import { AS_OF_VIEWS } from './as-of.tokens.js';

/** The read models a statistics query reads, and the date it counts as today. */
export interface ReadModelView {
  /** The live read models, or the read models as they stood at `asOf.position` (resolved on the first call: validate the rest of the query first). */
  dataSource(): Promise<ReadModelReader>;
  /** CST 'YYYY-MM-DD': today's date live; for `asOf`, the date of that instant. */
  today: string;
  /** The `asOf` asked (as given) and the global position it resolved to; null for a live query. */
  asOf: { asOf: string; position: string } | null;
}

/**
 * The roles that may ask for figures `asOf` a past point: the audit API's (issue 4: auditor and
 * city_admin; DOMAIN.md §4: the auditor reads "as-of views"). The other roles read today's figures
 * only: asOf is an investigation tool (and, where the row-version history cannot serve a point, a
 * replay of seconds of CPU), not a dashboard's.
 */
export const AS_OF_ROLES: readonly Actor['role'][] = ['city_admin', 'auditor'];

const POSITION = /^\d{1,19}$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const DAY_MS = 86_400_000;
/** The years an asOf date or time may fall in (as every fact's time: 1950–2100); year 0 has no PostgreSQL timestamp, years < 100 no JS Date.UTC. */
const MIN_YEAR = 1950;
const MAX_YEAR = 2100;

/**
 * `asOf` for every statistics route, /targets and /scoreboard: `asOf=<global position>`, or
 * `<date-time with offset>` (the last position recorded at or before it), or `<CST date>` (as at the
 * end of that day, or now when it is today). The figures are then those of the read models as the
 * worker's own projections left them at that position — their row-version history, or a replay of
 * the events up to it where the history does not reach ({@link AsOfViews}) — and
 * `today` is the CST date of that instant (of the position's `recordedAt` for a position).
 */
@Injectable()
export class AsOfResolver {
  constructor(
    @Inject(READ_MODELS) private readonly live: DataSource,
    @Inject(CLOCK) private readonly clock: () => Date,
    @Inject(AS_OF_VIEWS) private readonly views: AsOfViews,
  ) {}

  /**
   * The view a query with these parameters reads: live without `asOf`. Resolves `asOf` to a position
   * (cheap); the scratch read models are built by the view's `dataSource()`.
   * @param actor the request's authenticated actor: `asOf` is for {@link AS_OF_ROLES} only
   * @throws ForbiddenException (403 forbidden) when `asOf` is asked by another role
   * @throws BadRequestException (400 validation) when asOf is malformed, after the newest event or in the future, or given with minPosition
   */
  async view(query: Record<string, unknown>, actor: Actor): Promise<ReadModelView> {
    const now = this.clock();
    const given = query['asOf'];
    if (given === undefined) return { dataSource: () => Promise.resolve(this.live), today: cstDate(now), asOf: null };
    if (!AS_OF_ROLES.includes(actor.role)) {
      throw new ForbiddenException({ error: 'forbidden', message: `role ${actor.role} may not ask for figures asOf a past point (allowed: ${AS_OF_ROLES.join(', ')})` });
    }
    const bad = (message: string) => validationError([{ path: 'asOf', message }]);
    if (typeof given !== 'string') throw bad('asOf must be given once');
    if (query['minPosition'] !== undefined) throw validationError([{ path: 'minPosition', message: 'minPosition cannot be combined with asOf (asOf reads the store itself)' }]);
    let position: bigint;
    let instant: Date;
    if (POSITION.test(given)) {
      position = BigInt(given);
      const head = await this.views.headPosition();
      if (position > head) throw bad(`asOf position ${given} is after the newest event (position ${head})`);
      instant = (await this.views.recordedAt(position)) ?? now;
    } else {
      const year = Number(given.slice(0, 4));
      if (/^\d{4}-/.test(given) && (year < MIN_YEAR || year > MAX_YEAR)) throw bad(`asOf must fall in the years ${MIN_YEAR}–${MAX_YEAR}`);
      const date = DATE.exec(given);
      if (date) {
        const [y, m, d] = [Number(date[1]), Number(date[2]), Number(date[3])];
        const startUtc = Date.UTC(y, m - 1, d) - 8 * 3_600_000; // 00:00 CST
        if (m < 1 || m > 12 || new Date(startUtc + 8 * 3_600_000).getUTCDate() !== d) throw bad('asOf must be a global position, a CST date YYYY-MM-DD or a date-time with offset');
        if (given > cstDate(now)) throw bad('asOf is in the future');
        instant = new Date(Math.min(startUtc + DAY_MS - 1, now.getTime()));
      } else {
        instant = new Date(given);
        if (!TIME.test(given) || Number.isNaN(instant.getTime()) || !sameCalendarDay(given, instant)) {
          throw bad('asOf must be a global position, a CST date YYYY-MM-DD or a date-time with offset');
        }
        if (instant.getTime() > now.getTime()) throw bad('asOf is in the future');
      }
      position = await this.views.positionAt(instant);
    }
    return { dataSource: async () => (await this.views.reader(position)).reader, today: cstDate(instant), asOf: { asOf: given, position: position.toString() } };
  }
}

/** Rejects a date-time whose day does not exist (2025-02-30T…), which `Date` would roll over. */
function sameCalendarDay(text: string, instant: Date): boolean {
  const offset = text.endsWith('Z') ? 0 : (text.at(-6) === '-' ? -1 : 1) * (Number(text.slice(-5, -3)) * 60 + Number(text.slice(-2)));
  const local = new Date(instant.getTime() + offset * 60_000).toISOString().slice(0, 10);
  return local === text.slice(0, 10);
}

/** What `asOf` means, for the OpenAPI description of every statistics route, /targets and /scoreboard. */
export const AS_OF_QUERY_DESCRIPTION =
  'The figures as they stood at a past point, recomputed from the events recorded up to it (not today\'s figures filtered by date): a global position (e.g. 1200), a date-time with offset (the last position recorded at or before it) or a CST date YYYY-MM-DD (at the end of that day). The response adds `asOf` and its `position` is the position resolved; the cut and "today" are the CST date of that instant. A point after the newest event or in the future is a 400; asOf cannot be combined with minPosition. Roles city_admin and auditor only (403 for the others).';
