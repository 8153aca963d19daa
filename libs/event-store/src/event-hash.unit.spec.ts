import { createHash } from 'node:crypto';
import { canonicalJson, hashEvent, type HashedEventFields } from './event-hash.js';

describe('canonicalJson', () => {
  it('sorts keys recursively and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } })).toBe('{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}');
  });

  it('sorts keys by UTF-16 code units', () => {
    expect(canonicalJson({ b: 1, B: 2, é: 3, a: 4, '10': 5, '9': 6 })).toBe('{"10":5,"9":6,"B":2,"a":4,"b":1,"é":3}');
  });

  it('writes bigint as a decimal string and Date through toJSON', () => {
    expect(canonicalJson({ fen: 12345678901234567890n, at: new Date('2025-01-01T00:00:00.5Z') })).toBe(
      '{"at":"2025-01-01T00:00:00.500Z","fen":"12345678901234567890"}',
    );
  });

  it('skips undefined members, writes undefined array items as null, escapes strings as JSON does', () => {
    expect(canonicalJson({ a: undefined, b: [undefined, null, 'q"\n治本'] })).toBe('{"b":[null,null,"q\\"\\n治本"]}');
  });

  it('writes numbers in their shortest round-trip form', () => {
    expect(canonicalJson([1, 1.5, -0, 1e21, 0.1 + 0.2])).toBe('[1,1.5,0,1e+21,0.30000000000000004]');
  });

  it('rejects what JSON cannot carry', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow('cyclic');
  });

  it('is stable through a JSON round trip (what jsonb storage does)', () => {
    const value = { z: [1, 2.25, { b: true, a: null }], a: 'x', n: 1e21, big: 7n };
    const canonical = canonicalJson(value);
    expect(canonicalJson(JSON.parse(canonical))).toBe(canonical);
  });
});

describe('hashEvent', () => {
  const event: HashedEventFields = {
    eventId: '0f8fad5b-d9cb-469f-a165-70867728950e',
    streamId: 'hazard-1',
    revision: 0n,
    type: 'HazardReported',
    schemaVersion: 1,
    data: { b: 2, a: 1 },
    metadata: { actor: 'u1' },
    recordedAt: new Date('2025-03-04T05:06:07.089Z'),
  };

  it('is sha256 of previous hash ‖ canonical JSON with revision as a string and recordedAt in ISO ms', () => {
    const body =
      '{"data":{"a":1,"b":2},"eventId":"0f8fad5b-d9cb-469f-a165-70867728950e","metadata":{"actor":"u1"},' +
      '"recordedAt":"2025-03-04T05:06:07.089Z","revision":"0","schemaVersion":1,"streamId":"hazard-1","type":"HazardReported"}';
    expect(hashEvent(null, event)).toBe(createHash('sha256').update(body).digest('hex'));
    expect(hashEvent('abc', event)).toBe(createHash('sha256').update(`abc${body}`).digest('hex'));
  });

  it('changes with any covered field and with the previous hash', () => {
    const base = hashEvent(null, event);
    expect(hashEvent('0'.repeat(64), event)).not.toBe(base);
    expect(hashEvent(null, { ...event, revision: 1n })).not.toBe(base);
    expect(hashEvent(null, { ...event, data: { a: 1, b: 3 } })).not.toBe(base);
    expect(hashEvent(null, { ...event, recordedAt: new Date(event.recordedAt.getTime() + 1) })).not.toBe(base);
    // key order of the data does not matter
    expect(hashEvent(null, { ...event, data: { a: 1, b: 2 } })).toBe(base);
  });

  it('ignores fields it does not cover (position, hashes)', () => {
    const recorded = { ...event, position: 42n, hash: 'x', previousHash: null };
    expect(hashEvent(null, recorded)).toBe(hashEvent(null, event));
  });
});
