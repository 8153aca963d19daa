/**
 * Given / when / then for deciders, for `*.unit.spec.ts`:
 *
 *   spec(hazardDecider).given([reported]).when(plan).then([planned]);
 *   spec(hazardDecider).given([]).when(plan).thenRefused('hazard_not_found');
 *
 * Framework-free (node:assert), so it compiles with the library; index.ts does not export it.
 * Every `when` also checks what the pattern promises: `decide` leaves the folded state and the
 * command untouched, and decides the same twice.
 */
import { deepStrictEqual, fail, ok } from 'node:assert/strict';
import type { Decider } from './decider.js';
import { fold } from './decider.js';
import { DomainError } from './domain-error.js';

/** What a `when` can be checked against. */
export interface Then<State, Event> {
  /** The decided events equal `expected` (deep, strict). */
  then(expected: Event[]): void;
  /**
   * `decide` throws a DomainError with `code`, and, when given, a message containing each of
   * `messageIncludes` (case-sensitive substrings).
   */
  thenRefused(code: string, ...messageIncludes: string[]): void;
  /** The state after folding the given events and then the decided ones. */
  thenState(expected: State): void;
}

/** The entry point: `spec(decider).given(events).when(command).then(events)`. */
export function spec<Command, State, Event>(decider: Decider<Command, State, Event>) {
  return {
    given(events: Event[]) {
      return {
        /** The state the given events fold to (for tests of `evolve`). */
        state(): State {
          return fold(decider, deepClone(events));
        },
        when(command: Command): Then<State, Event> {
          const decideOnce = (): { state: State; decided: Event[] } => {
            const state = deepFreeze(fold(decider, deepClone(events)));
            return { state, decided: decider.decide(deepFreeze(deepClone(command)), state) };
          };
          return {
            then(expected) {
              const first = decideOnce().decided;
              deepStrictEqual(decideOnce().decided, first, 'decide is not deterministic');
              deepStrictEqual(first, expected);
            },
            thenRefused(code, ...messageIncludes) {
              let decided: Event[];
              try {
                decided = decideOnce().decided;
              } catch (error) {
                ok(error instanceof DomainError, `expected a DomainError '${code}', got ${String(error)}`);
                deepStrictEqual(error.code, code, `expected '${code}', got '${error.code}': ${error.message}`);
                for (const part of messageIncludes) {
                  ok(error.message.includes(part), `message '${error.message}' does not mention '${part}'`);
                }
                return;
              }
              fail(`expected refusal '${code}', but decided ${JSON.stringify(decided)}`);
            },
            thenState(expected) {
              const { state, decided } = decideOnce();
              deepStrictEqual(decided.reduce(decider.evolve, state), expected);
            },
          };
        },
      };
    },
  };
}

/**
 * Copies plain objects, arrays, Sets and Maps. Not `structuredClone`: under Jest's VM modules it
 * builds objects of another realm, whose prototypes `deepStrictEqual` rightly tells apart.
 */
function deepClone<T>(value: T): T {
  if (Array.isArray(value)) return value.map(deepClone) as T;
  if (value instanceof Set) return new Set([...value].map(deepClone)) as T;
  if (value instanceof Map) return new Map([...value].map(([k, v]) => [k, deepClone(v)])) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deepClone(v)])) as T;
  }
  return value;
}

/** Freezes plain objects and arrays all the way down, so a `decide` that mutates its input throws. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    if (Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype) {
      Object.freeze(value);
      for (const inner of Object.values(value)) deepFreeze(inner);
    }
  }
  return value;
}
