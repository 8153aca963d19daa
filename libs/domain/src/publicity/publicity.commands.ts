import type { CommandMetadata } from '../core/actor.js';
import type { DemonstrationSetting, ScienceHallLevel } from './publicity.events.js';

/** Reference data the publicity decider judges against (handed in by the handler; the decider does no I/O). */
export interface PublicityReference {
  districtCodes: ReadonlySet<string>;
  sectorCodes: ReadonlySet<string>;
}

/** RecordLecture: a 千师万讲 lecture; ids are made at the edge, `heldAt` ISO-8601 with offset. */
export interface RecordLecture {
  type: 'RecordLecture';
  data: { lectureId: string; districtCode: string; sector: string | null; topic: string; audienceSize: number; heldAt: string };
  reference: PublicityReference;
  metadata: CommandMetadata;
}

/** RecordDemonstrationSite: a 五进 demonstration site built. */
export interface RecordDemonstrationSite {
  type: 'RecordDemonstrationSite';
  data: { siteId: string; districtCode: string; setting: DemonstrationSetting; name: string; builtAt: string };
  reference: PublicityReference;
  metadata: CommandMetadata;
}

/** RecordScienceHall: an 应急科普体验馆 established. */
export interface RecordScienceHall {
  type: 'RecordScienceHall';
  data: { hallId: string; districtCode: string; level: ScienceHallLevel; name: string; establishedAt: string };
  reference: PublicityReference;
  metadata: CommandMetadata;
}

export type PublicityCommand = RecordLecture | RecordDemonstrationSite | RecordScienceHall;
