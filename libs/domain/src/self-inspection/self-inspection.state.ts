/**
 * The state of one `inspection-{uscc}-{yyyy}` stream: `empty` before its first inspection, then the
 * enterprise and CST year it belongs to and the ids of the inspections recorded in it.
 */
export type SelfInspectionState =
  | { status: 'empty' }
  | { status: 'recording'; enterpriseUscc: string; year: number; inspectionIds: string[] };
