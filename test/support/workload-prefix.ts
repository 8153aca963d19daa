import type { WorkloadOperation } from '../../apps/cli/src/workload/workload-model.js';

/** A workload cut in two: `first` is a valid history on its own, `second` completes it. Each is listed by phase (1, 2, 3). */
export interface WorkloadSplit {
  first: WorkloadOperation[][];
  second: WorkloadOperation[][];
}

/**
 * Splits a demo workload (every phase) so that the first part is a history a server accepts on its own
 * and the second part, sent after it, completes it. Each stream offers a prefix of its operations whose
 * length, 0 to all, is drawn from a hash of `salt` and the stream's name (about half on average, and
 * every kind of operation whole in some streams, so every topic has facts in both parts); an offered
 * operation goes first unless something it needs went second. Streams `whole` picks offer all their operations. What an operation needs: the earlier operations of its `stream`, its
 * `after` stream, every hazard or enterprise stream its body names (ids and USCCs), the operation whose
 * answer a `{{name}}` in its path takes; an enterprise closure (phase 3) needs, besides, every stream
 * that named the enterprise (nothing an enterprise does may come after its closure). Once an operation
 * goes second, its stream (and its capture) is "cut": whatever needs it later goes second too.
 * Deterministic: the same operations give the same split.
 */
export function splitWorkload(operations: readonly WorkloadOperation[], salt = '', whole: (stream: string) => boolean = () => false): WorkloadSplit {
  const phases = ([1, 2, 3] as const).map((p) => operations.filter((op) => (op.phase ?? 1) === p));
  const streams = new Set(operations.map((op) => op.stream));
  const named = (op: WorkloadOperation): string[] => {
    const out: string[] = [];
    const walk = (v: unknown): void => {
      if (typeof v === 'string') {
        for (const s of [`hazard-${v}`, `enterprise-${v}`]) if (streams.has(s)) out.push(s);
      } else if (Array.isArray(v)) v.forEach(walk);
      else if (v !== null && typeof v === 'object') Object.values(v).forEach(walk);
    };
    walk(op.body);
    for (const m of op.path.matchAll(/\{\{([\w-]+)\}\}/g)) out.push(`capture:${m[1]}`);
    return out;
  };
  // The streams that named each enterprise stream (an enterprise's closure waits for all of them).
  const namedBy = new Map<string, Set<string>>();
  for (const op of operations) {
    for (const key of [...named(op), ...(op.after ? [op.after] : [])]) {
      if (key.startsWith('enterprise-')) (namedBy.get(key) ?? namedBy.set(key, new Set()).get(key)!).add(op.stream);
    }
  }
  const length = new Map<string, number>();
  for (const op of operations) length.set(op.stream, (length.get(op.stream) ?? 0) + 1);
  const rank = new Map<string, number>();
  const offered = (op: WorkloadOperation): boolean => {
    const r = rank.get(op.stream) ?? 0;
    rank.set(op.stream, r + 1);
    return whole(op.stream) || r < Math.floor(hashFraction(`${salt}${op.stream}`) * (length.get(op.stream)! + 1));
  };
  const cut = new Set<string>();
  const split: WorkloadSplit = { first: [[], [], []], second: [[], [], []] };
  phases.forEach((list, p) => {
    list.forEach((op) => {
      const needs = [op.stream, ...(op.after ? [op.after] : []), ...named(op)];
      if (op.phase === 3) for (const s of namedBy.get(op.stream) ?? []) needs.push(s);
      if (offered(op) && !needs.some((k) => cut.has(k))) {
        split.first[p]!.push(op);
      } else {
        split.second[p]!.push(op);
        cut.add(op.stream);
        if (op.capture) cut.add(`capture:${op.capture.as}`);
      }
    });
  });
  return split;
}

/** FNV-1a of `text`, scaled to [0, 1). */
function hashFraction(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h / 2 ** 32;
}
