/**
 * The state of one `drill-{uscc}-{yyyy}` stream: `empty` before its first drill, then the enterprise
 * and CST year it belongs to and the ids of the drills recorded in it.
 */
export type DrillState =
  | { status: 'empty' }
  | { status: 'recording'; enterpriseUscc: string; year: number; drillIds: string[] };
