import type { Projection } from './runner/projection.js';
import { READ_MODELS } from './read-models.js';

/** Every projection the worker runs: one new instance per read model (`read-models.ts`), by name. */
export function allProjections(): Projection[] {
  return READ_MODELS.map((m) => m.projection());
}
