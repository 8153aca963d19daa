/**
 * The state of one `engineering-{districtCode}-{yyyy}` stream: `empty` before its first fact, then
 * the district and CST year it belongs to and the ids of the checks and progress records in it.
 */
export type EngineeringState =
  | { status: 'empty' }
  | { status: 'recording'; districtCode: string; year: number; checkIds: string[]; progressIds: string[] };
