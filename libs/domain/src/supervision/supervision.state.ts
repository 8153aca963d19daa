/**
 * The state of one `supervision-{districtCode}-{yyyy}` stream: `empty` before its first fact, then
 * the district and CST year it belongs to and the ids of the inspections and actions recorded in it.
 */
export type SupervisionState =
  | { status: 'empty' }
  | { status: 'recording'; districtCode: string; year: number; inspectionIds: string[]; actionIds: string[] };
