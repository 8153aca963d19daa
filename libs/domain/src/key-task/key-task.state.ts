/**
 * The state of one `task-{taskNo}` stream: `empty` before its first fact, then the task it belongs
 * to and the obligations completed, each as `'{itemNo}@{year}'` (e.g. '3.2@2024').
 */
export type KeyTaskState = { status: 'empty' } | { status: 'tracking'; taskNo: number; completed: string[] };

/** The key of an item's obligation of a year in `KeyTaskState.completed`. */
export const obligationKey = (itemNo: string, year: number): string => `${itemNo}@${year}`;
