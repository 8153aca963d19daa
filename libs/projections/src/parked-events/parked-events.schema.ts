/**
 * The table of parked events: one row per (projection, position) a projector threw on.
 * - `projection`: the projection's name; `position`: the event's global position (bigint);
 * - `event_id`, `event_type`: the stored event's id and type, to name it without reading the store;
 * - `error`: the projector's error message (the last one, when parked again);
 * - `parked_at`: when it was first parked (kept when parked again).
 * Kept out of the TypeORM entities on purpose: it is not a figure (no row-version history) and is read
 * and written by SQL only (parked-events/*.ts).
 */
export const PARKED_EVENTS_TABLE = 'projection_parked_events';

/** The DDL creating {@link PARKED_EVENTS_TABLE}, statement by statement (run by migration 1766300000000). */
export const PARKED_EVENTS_DDL: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS projection_parked_events (
    projection text NOT NULL,
    position bigint NOT NULL CHECK (position > 0),
    event_id uuid NOT NULL,
    event_type text NOT NULL,
    error text NOT NULL,
    parked_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (projection, position))`,
];
