/** What a verification found: the kinds of problem and where each is. */

/**
 * - `data_changed`: an event's content no longer matches its hash, or its hash was rewritten (the next
 *   revision, or the stream's head, still links to the old one);
 * - `event_missing`: a revision of a stream is not stored (deleted), or a block holds fewer events than sealed;
 * - `event_inserted`: an event the seals or the stream's head do not know;
 * - `order_changed`: events moved in the global order (a stream's revisions out of position order, or
 *   two events of a sealed block swapped);
 * - `seal_broken`: a seal does not recompute, does not link to the previous one, or its block does not
 *   match it in a way the other kinds do not explain;
 * - `format_error` / `file_changed`: (exports only) a line that is not a record of the format, or a
 *   file whose trailer digest does not match its bytes.
 */
export type ProblemKind =
  | 'data_changed'
  | 'event_missing'
  | 'event_inserted'
  | 'order_changed'
  | 'seal_broken'
  | 'format_error'
  | 'file_changed';

/** One problem and where it is (fields that do not apply are absent). Positions/revisions are decimal strings. */
export interface VerificationProblem {
  kind: ProblemKind;
  message: string;
  streamId?: string;
  revision?: string;
  position?: string;
  eventId?: string;
  blockNo?: number;
  /** event_missing: the position of the stream's previous stored revision; order_changed: the other event's position. */
  afterPosition?: string;
  /** event_missing: the position of the stream's next stored revision, when there is one. */
  beforePosition?: string;
  /** order_changed: the other event's position. */
  otherPosition?: string;
  /** Exports: the 1-based line of the file. */
  line?: number;
}
