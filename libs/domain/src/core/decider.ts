/**
 * The decider pattern: `decide(command, state) → events`, `evolve(state, event) → state`,
 * `initialState`. Pure functions: time and ids come in on the command.
 */
export interface Decider<Command, State, Event> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  initialState: State;
}

/** Folds events over a decider's `evolve` from its initial state. */
export function fold<Command, State, Event>(decider: Decider<Command, State, Event>, events: Event[]): State {
  return events.reduce(decider.evolve, decider.initialState);
}
