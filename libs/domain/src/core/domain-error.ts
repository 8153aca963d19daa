/**
 * A rule of the domain was broken: the API answers 422 `{ error: code, message }` (or 403 for
 * `forbidden`, 409 for `stream_exists`), and nothing is appended.
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  /**
   * @param code snake_case rule code, e.g. `criterion_required`, `hazard_closed`
   * @param message what was wrong, for a person
   */
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
