/**
 * Preloaded (`node --import …/profile-preload.js`) into a process the bench profiles. The V8 profiler
 * starts on SIGWINCH (after start-up, so module loading is not in it; Nest's shutdown hooks take
 * SIGUSR2, and SIGWINCH is ignored by default, so a process without this preload is not hurt), or at once with
 * BENCH_PROFILE_NOW=1; the profile is written to BENCH_PROFILE_FILE on SIGTERM, before the process's
 * own shutdown runs (Nest re-raises the signal, which `--cpu-prof` would not survive), or at exit.
 * A same-thread inspector session answers synchronously, so this works inside an 'exit' handler.
 */
import inspector from 'node:inspector';
import { writeFileSync } from 'node:fs';

const file = process.env['BENCH_PROFILE_FILE'];
if (file) {
  const session = new inspector.Session();
  session.connect();
  let running = false;
  const start = () => {
    if (running) return;
    running = true;
    session.post('Profiler.enable', () => session.post('Profiler.setSamplingInterval', { interval: 1000 }, () => session.post('Profiler.start')));
  };
  const write = () => {
    if (!running) return;
    running = false;
    session.post('Profiler.stop', (error, result) => {
      if (!error) writeFileSync(file, JSON.stringify((result as { profile: unknown }).profile));
    });
  };
  if (process.env['BENCH_PROFILE_NOW'] === '1') start();
  process.on('SIGWINCH', start);
  process.prependOnceListener('SIGTERM', write);
  process.once('exit', write);
}
