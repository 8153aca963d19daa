/** Which entry of a seed file a problem is in: its index in `entries` and its code/id when it has one. */
export interface SeedEntryRef {
  readonly index: number;
  readonly id: string | null;
}

/**
 * A seed file is missing, is not JSON, or breaks a rule of its shape. Thrown by `loadReferenceData`
 * so that a malformed file stops start-up.
 *
 * - `file`: the seed file's name, e.g. 'criteria.json'.
 * - `entry`: the offending entry, or null for a problem with the file as a whole.
 * - `problem`: what is wrong, naming the field path within the entry (e.g. 'items[0].deadline.date').
 *
 * The message names all three: `criteria.json, entry #3 (MEM-10-2023): supersededBy: …`.
 */
export class SeedValidationError extends Error {
  readonly file: string;
  readonly entry: SeedEntryRef | null;
  readonly problem: string;

  constructor(file: string, entry: SeedEntryRef | null, problem: string) {
    const where = entry === null ? 'file level' : `entry #${entry.index}${entry.id === null ? '' : ` (${entry.id})`}`;
    super(`seed file ${file}, ${where}: ${problem}`);
    this.name = 'SeedValidationError';
    this.file = file;
    this.entry = entry;
    this.problem = problem;
  }
}
