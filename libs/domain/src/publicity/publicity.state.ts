/**
 * The state of one `publicity-{districtCode}-{yyyy}` stream: `empty` before its first fact, then the
 * district and CST year it belongs to and the ids of the lectures, sites and halls recorded in it.
 */
export type PublicityState =
  | { status: 'empty' }
  | { status: 'recording'; districtCode: string; year: number; lectureIds: string[]; siteIds: string[]; hallIds: string[] };
