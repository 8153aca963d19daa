import { createHash } from 'node:crypto';
import { groupResults, hashGroupRows, planAppendGroup, type PendingAppend, type StoredEventRef, type StreamHead } from './append-group.js';
import { DuplicateEventError, WrongExpectedRevisionError } from './errors.js';
import type { AppendResult, NewEvent } from './event-store.port.js';

let counter = 0;
function event(type = 'Tested'): NewEvent {
  counter += 1;
  return { eventId: `00000000-0000-4000-8000-${counter.toString().padStart(12, '0')}`, type, schemaVersion: 1, data: { counter }, metadata: {} };
}

const none = new Map<string, StoredEventRef>();

describe('planAppendGroup', () => {
  it('decides each append in arrival order: conflicts fail alone, appends to one stream chain', () => {
    const heads = new Map<string, StreamHead>([['s-1', { revision: 4n, lastHash: 'h4' }]]);
    const pending: PendingAppend[] = [
      { streamId: 's-1', events: [event(), event()], expectedRevision: 4n }, // → revisions 5, 6
      { streamId: 's-1', events: [event()], expectedRevision: 4n }, // stale now: 6 is current
      { streamId: 's-2', events: [event()], expectedRevision: 'no_stream' }, // new stream
      { streamId: 's-2', events: [event()], expectedRevision: 'no_stream' }, // exists now
      { streamId: 's-1', events: [event()], expectedRevision: 6n }, // → 7
      { streamId: 's-2', events: [event()], expectedRevision: 'any' }, // → 1
    ];
    const plan = planAppendGroup(pending, heads, none);
    expect(plan.outcomes.map((o) => o.kind)).toEqual(['appended', 'failed', 'appended', 'failed', 'appended', 'appended']);
    const stale = (plan.outcomes[1] as unknown as { error: WrongExpectedRevisionError }).error;
    expect(stale).toBeInstanceOf(WrongExpectedRevisionError);
    expect(stale.actual).toBe(6n);
    expect((plan.outcomes[3] as unknown as { error: WrongExpectedRevisionError }).error.actual).toBe(0n);
    expect(plan.rows.map((r) => `${r.streamId}@${r.revision}`)).toEqual(['s-1@5', 's-1@6', 's-2@0', 's-1@7', 's-2@1']);
    expect(plan.newStreams).toEqual(['s-2']);

    hashGroupRows(plan, new Date('2026-01-01T00:00:00.000Z'));
    // Each stream's chain continues from its stored hash (s-1) or starts (s-2), across interleaved rows.
    expect(plan.rows.map((r) => r.previousHash)).toEqual(['h4', plan.rows[0]!.hash, null, plan.rows[1]!.hash, plan.rows[2]!.hash]);
    const expectedHash = (previous: string | null, r: (typeof plan.rows)[number]) =>
      createHash('sha256')
        .update(previous ?? '')
        .update(JSON.stringify({ data: r.data, eventId: r.eventId, metadata: {}, recordedAt: '2026-01-01T00:00:00.000Z', revision: r.revision, schemaVersion: 1, streamId: r.streamId, type: r.type }))
        .digest('hex');
    expect(plan.rows[0]!.hash).toBe(expectedHash('h4', plan.rows[0]!));
    expect(plan.streamUpdates).toEqual([
      { streamId: 's-1', revision: '7', lastHash: plan.rows[3]!.hash },
      { streamId: 's-2', revision: '1', lastHash: plan.rows[4]!.hash },
    ]);

    const results = groupResults(plan, 100n) as AppendResult[];
    expect(results[0]).toEqual({ streamId: 's-1', streamRevision: 6n, positions: [100n, 101n], position: 101n });
    expect(results[2]).toEqual({ streamId: 's-2', streamRevision: 0n, positions: [102n], position: 102n });
    expect(results[4]).toEqual({ streamId: 's-1', streamRevision: 7n, positions: [103n], position: 103n });
    expect(results[5]).toEqual({ streamId: 's-2', streamRevision: 1n, positions: [104n], position: 104n });
    expect(results[1]).toBeInstanceOf(WrongExpectedRevisionError);
  });

  it('an identical retry later in the group gets the first append its result; a partial overlap is a DuplicateEventError', () => {
    const a = event();
    const b = event();
    const pending: PendingAppend[] = [
      { streamId: 's', events: [a, b], expectedRevision: 'no_stream' },
      { streamId: 's', events: [a, b], expectedRevision: 'no_stream' },
      { streamId: 's', events: [a, event()], expectedRevision: 'any' },
      { streamId: 't', events: [a, b], expectedRevision: 'no_stream' },
      { streamId: 's', events: [b], expectedRevision: 'any' }, // a subset: a retry, as it would be once stored
    ];
    const plan = planAppendGroup(pending, new Map(), none);
    expect(plan.outcomes.map((o) => o.kind)).toEqual(['appended', 'retry-in-group', 'failed', 'failed', 'retry-in-group']);
    expect((plan.outcomes[2] as unknown as { error: Error }).error).toBeInstanceOf(DuplicateEventError);
    expect((plan.outcomes[3] as unknown as { error: Error }).error).toBeInstanceOf(DuplicateEventError);
    const results = groupResults(plan, 7n);
    expect(results[1]).toEqual(results[0]);
    expect(results[0]).toEqual({ streamId: 's', streamRevision: 1n, positions: [7n, 8n], position: 8n });
    expect(results[4]).toEqual({ streamId: 's', streamRevision: 1n, positions: [8n], position: 8n });
  });

  it('events already stored: the original result for a full retry in the same stream, else DuplicateEventError', () => {
    const a = event();
    const b = event();
    const stored = new Map<string, StoredEventRef>([
      [a.eventId, { streamId: 's', revision: 3n, position: 40n }],
      [b.eventId, { streamId: 's', revision: 4n, position: 41n }],
    ]);
    const plan = planAppendGroup(
      [
        { streamId: 's', events: [a, b], expectedRevision: 2n },
        { streamId: 's', events: [a], expectedRevision: 'any' },
        { streamId: 'other', events: [a, b], expectedRevision: 'any' },
        { streamId: 's', events: [b, event()], expectedRevision: 'any' },
      ],
      new Map([['s', { revision: 4n, lastHash: 'x' }]]),
      stored,
    );
    expect(plan.rows).toEqual([]);
    const results = groupResults(plan, 1n);
    expect(results[0]).toEqual({ streamId: 's', streamRevision: 4n, positions: [40n, 41n], position: 41n });
    expect(results[1]).toEqual({ streamId: 's', streamRevision: 3n, positions: [40n], position: 40n });
    expect(results[2]).toBeInstanceOf(DuplicateEventError);
    expect(results[3]).toBeInstanceOf(DuplicateEventError);
  });
});
