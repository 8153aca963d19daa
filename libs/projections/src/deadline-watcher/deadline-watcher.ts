import type { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type { EventStore } from '#event-store';
import { handleCommand } from '#command-handling';
import {
  cstDate,
  DomainError,
  hazardDecider,
  hazardEventOccurredAt,
  hazardStreamId,
  type Actor,
  type HazardCommand,
} from '#domain';
import type { RunnerLogger } from '../runner/projection-runner.js';

/** The actor the deadline watcher appends as. */
export const DEADLINE_WATCHER_ACTOR: Actor = {
  subject: 'system:deadline-watcher',
  role: 'system',
  districtCode: null,
  enterpriseUscc: null,
  organisation: 'Zhiben deadline watcher',
};

/** Event types that set the deadline in force: the cause a `DeadlineMissed` names. */
const DEADLINE_SETTING = new Set(['RectificationPlanned', 'DeadlineExtended', 'HazardReopened']);

/**
 * The deadline watcher (a process manager): finds hazards still open after their deadline in the
 * ledger and appends `DeadlineMissed` through the hazard decider, so overdue hazards and the
 * escalations they lead to are in the history (三(二)3 督促按期销号). The decider, not the ledger, is the
 * judge: a hazard closed or extended meanwhile is refused and skipped.
 */
export class DeadlineWatcher {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  /**
   * @param clock the current time (the app's clock; never read inside a projector)
   * @param intervalMs how often to look, in ms
   */
  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    private readonly clock: () => Date,
    private readonly logger: RunnerLogger,
    private readonly intervalMs = 60_000,
  ) {}

  /** Looks now, then every `intervalMs` until `stop`. */
  start(): void {
    if (this.timer) return;
    const tick = () => {
      this.running = this.sweep().catch((error: unknown) => {
        this.logger.error(`deadline watcher: ${error instanceof Error ? error.message : String(error)}`);
        return 0;
      });
    };
    tick();
    this.timer = setInterval(tick, this.intervalMs);
  }

  /** Stops looking and waits for a sweep in flight. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /**
   * One pass: appends `DeadlineMissed` for every open hazard whose deadline in force is before today (CST).
   * @returns how many were appended
   */
  async sweep(): Promise<number> {
    const now = this.clock();
    const today = cstDate(now);
    const due: { hazard_id: string }[] = await this.dataSource.query(
      `SELECT hazard_id FROM hazard_ledger
        WHERE status IN ('planned', 'completed', 'verified') AND deadline < $1::date
          AND NOT (missed_deadlines ? (deadline::text))
        ORDER BY deadline LIMIT 1000`,
      [today],
    );
    let appended = 0;
    for (const { hazard_id: hazardId } of due) {
      const streamId = hazardStreamId(hazardId);
      const recent = await this.store.readStream(streamId, { direction: 'backwards' });
      const cause = recent.find((e) => DEADLINE_SETTING.has(e.type));
      const command: HazardCommand = {
        type: 'RecordDeadlineMissed',
        data: {},
        metadata: {
          actor: DEADLINE_WATCHER_ACTOR,
          now: now.toISOString(),
          // The reaction continues the correlation of the event that set the deadline, and names that event as its cause.
          correlationId: typeof cause?.metadata.correlationId === 'string' ? cause.metadata.correlationId : uuidv7(),
          causationId: cause?.eventId ?? null,
        },
      };
      try {
        await handleCommand(this.store, {
          streamId,
          decider: hazardDecider,
          command,
          occurredAt: hazardEventOccurredAt,
        });
        appended++;
      } catch (error) {
        if (error instanceof DomainError) continue; // closed or extended meanwhile: nothing missed
        throw error;
      }
    }
    if (appended > 0) this.logger.log(`deadline watcher: ${appended} missed deadline(s) recorded`);
    return appended;
  }
}
