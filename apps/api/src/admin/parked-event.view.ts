import type { ParkedEvent } from '#projections';
import { toCstIso } from '../conventions/cst-time.js';

/** A parked event on the wire (the admin route and /health). */
export interface ParkedEventView {
  projection: string;
  /** The event's global position, a decimal string. */
  position: string;
  eventId: string;
  eventType: string;
  /** The projector's last error, or the reference-data check's reason. */
  error: string;
  /** When it was first parked (CST ISO-8601). */
  parkedAt: string;
}

/** The wire form of a parked event: position as a decimal string, parkedAt in CST. */
export function toParkedEventView(p: ParkedEvent): ParkedEventView {
  return { projection: p.projection, position: p.position.toString(), eventId: p.eventId, eventType: p.eventType, error: p.error, parkedAt: toCstIso(p.parkedAt) };
}
