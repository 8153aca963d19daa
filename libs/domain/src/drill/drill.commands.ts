import type { CommandMetadata } from '../core/actor.js';
import type { EnterpriseState } from '../enterprise/enterprise.state.js';
import type { DrillKind } from './drill.events.js';

/**
 * RecordDrill: an enterprise held an evacuation drill. `drillId` is made at the edge (UUID);
 * `heldAt` is an ISO-8601 instant with offset; `participants` a positive integer.
 */
export interface RecordDrill {
  type: 'RecordDrill';
  data: {
    drillId: string;
    enterpriseUscc: string;
    kind: DrillKind;
    heldAt: string;
    participants: number;
  };
  /** The enterprise's state folded from its stream by the handler (the decider does no I/O). */
  context: { enterprise: EnterpriseState };
  metadata: CommandMetadata;
}

export type DrillCommand = RecordDrill;
