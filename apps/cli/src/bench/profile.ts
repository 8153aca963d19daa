/**
 * CPU profiles for the goals a bench misses: of the bench process itself (node:inspector), or of a
 * started process (a preload, `profile-preload.js`: SIGWINCH starts it, SIGTERM writes it), summarised
 * as self time per package and per function.
 */
import inspector from 'node:inspector';

/** The parts of a V8 `.cpuprofile` the summary reads. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }[];
  samples?: number[];
}

/** Starts profiling this process; the returned function stops and returns the profile. */
export function profileThisProcess(): () => Promise<CpuProfile> {
  const session = new inspector.Session();
  session.connect();
  const post = <T>(method: string, params?: object) =>
    new Promise<T>((resolve, reject) => session.post(method, params ?? {}, (e, r) => (e ? reject(e) : resolve(r as T))));
  const started = post('Profiler.enable').then(() => post('Profiler.setSamplingInterval', { interval: 1000 })).then(() => post('Profiler.start'));
  return async () => {
    await started;
    const { profile } = await post<{ profile: CpuProfile }>('Profiler.stop');
    session.disconnect();
    return profile;
  };
}

/** Where a function lives: a package of node_modules, a folder of the project, or node itself. */
function ownerOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1]!;
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  const p = /\/dist\/((?:apps|libs)\/[^/]+\/src\/[^/]+)/.exec(url);
  return p ? p[1]! : url.replace(/^file:\/\//, '');
}

/**
 * Self time per owner (package, project folder, node) and the top functions, as one line:
 * 'pg 21% · typeorm 14% · … ; functions: parse (pg-protocol) 6% · …'.
 */
export function summariseProfile(profile: CpuProfile, top = 8): string {
  const hits = new Map<number, number>();
  if (profile.samples && profile.samples.length > 0) for (const s of profile.samples) hits.set(s, (hits.get(s) ?? 0) + 1);
  else for (const n of profile.nodes) hits.set(n.id, n.hitCount ?? 0);
  let total = 0;
  const owners = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const n of profile.nodes) {
    const h = hits.get(n.id) ?? 0;
    if (h === 0) continue;
    total += h;
    const owner = ownerOf(n.callFrame.url, n.callFrame.functionName);
    owners.set(owner, (owners.get(owner) ?? 0) + h);
    const fn = owner.startsWith('(') ? owner : `${n.callFrame.functionName || '(anonymous)'} (${owner})`;
    functions.set(fn, (functions.get(fn) ?? 0) + h);
  }
  const pct = (h: number) => `${((100 * h) / Math.max(1, total)).toFixed(0)}%`;
  const best = (m: Map<string, number>) =>
    [...m.entries()]
      .filter(([k]) => k !== '(idle)' && k !== '(program)')
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, h]) => `${k} ${pct(h)}`)
      .join(' · ');
  const idle = owners.get('(idle)') ?? 0;
  return `CPU profile (self time; busy ${pct(total - idle)} of the time, idle — waiting on I/O — ${pct(idle)}): ${best(owners)}; top functions: ${best(functions)}`;
}
