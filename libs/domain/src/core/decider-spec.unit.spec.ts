import type { Decider } from './decider.js';
import { spec } from './decider-spec.js';
import { DomainError } from './domain-error.js';

/**
 * A counter that may not go above 2; `bump!` mutates its state and `drift` depends on a call count,
 * both of which a decider must never do.
 */
type Cmd = { type: 'bump' } | { type: 'bump!' } | { type: 'drift' };
type Ev = { type: 'bumped'; data: { to: number } };
type St = { n: number };
/** Hidden state outside the decider: what makes `drift` answer differently each time. */
let calls = 0;
const counter: Decider<Cmd, St, Ev> = {
  initialState: { n: 0 },
  evolve: (_s, e) => ({ n: e.data.to }),
  decide: (c, s) => {
    if (c.type === 'drift') return [{ type: 'bumped', data: { to: ++calls } }];
    if (s.n >= 2) throw new DomainError('too_high', `n is ${s.n}`);
    if (c.type === 'bump!') s.n += 1;
    return [{ type: 'bumped', data: { to: s.n + 1 } }];
  },
};
const bumped = (to: number): Ev => ({ type: 'bumped', data: { to } });

describe('the given/when/then helper', () => {
  it('passes on the right events and the right refusal', () => {
    spec(counter).given([bumped(1)]).when({ type: 'bump' }).then([bumped(2)]);
    spec(counter).given([bumped(2)]).when({ type: 'bump' }).thenRefused('too_high', 'n is 2');
    spec(counter).given([bumped(1)]).when({ type: 'bump' }).thenState({ n: 2 });
  });

  it('fails on other events, another code, a missing message part, or no refusal', () => {
    expect(() => spec(counter).given([]).when({ type: 'bump' }).then([bumped(2)])).toThrow();
    expect(() => spec(counter).given([bumped(2)]).when({ type: 'bump' }).thenRefused('other')).toThrow();
    expect(() => spec(counter).given([bumped(2)]).when({ type: 'bump' }).thenRefused('too_high', 'n is 3')).toThrow();
    expect(() => spec(counter).given([]).when({ type: 'bump' }).thenRefused('too_high')).toThrow(/expected refusal/);
  });

  it('catches a decide that mutates its state or decides differently twice', () => {
    expect(() => spec(counter).given([]).when({ type: 'bump!' }).then([bumped(2)])).toThrow(TypeError);
    expect(() => spec(counter).given([]).when({ type: 'drift' }).then([])).toThrow(/not deterministic/);
  });
});
