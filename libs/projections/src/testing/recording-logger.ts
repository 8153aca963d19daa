import type { RunnerLogger } from '../runner/projection-runner.js';

/** A `RunnerLogger` that keeps what it was told instead of printing it (tests read `errors`). */
export class RecordingLogger implements RunnerLogger {
  readonly messages: string[] = [];
  readonly errors: string[] = [];

  log(message: string): void {
    this.messages.push(message);
  }

  error(message: string): void {
    this.errors.push(message);
  }
}
