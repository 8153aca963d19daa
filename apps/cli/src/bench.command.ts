/**
 * `zhiben bench` (`npm run bench`): issue 9's table — each figure of the real built app, its raw
 * counterpart measured in the same run, the ratio and the goal — printed and written to
 * `bench/RESULTS.md` with the machine it ran on. The harness lives in `bench/`.
 */
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { runBench, type BenchOptions } from './bench/run-bench.js';
import { formatReport, writeReport } from './bench/table.js';
import { err, out } from './output.js';

/** The command line's options: {@link BenchOptions} plus where the table goes. */
interface BenchCommandOptions extends Omit<BenchOptions, 'say'> {
  out: string;
}

/** The `bench` sub-command. */
export function benchCommand(): Command {
  return new Command('bench')
    .description('measure the built app against the raw stack in one run (commands over HTTP, rebuild, reads, asOf, freshness, memory); prints the table and writes it to bench/RESULTS.md')
    .option('--database-url <url>', 'the PostgreSQL server (any database on it: the bench creates and drops zhiben_bench_*)', process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres')
    .option('--events <n>', 'events in the store for the rebuild, asOf, RSS and the larger read size (e.g. 1000000)', parseCount(1000), 20_000)
    .option('--small-events <n>', 'the smaller size the read routes are measured at (default: events ÷ 10)', parseCount(0))
    .option('--seed-enterprises <n>', 'enterprises of the demo workload sent as the seed', parseCount(1), 20)
    .option('--seed-share <x>', 'share (0–1] of the workload\'s district-level fact streams in the seed', parseShare, 1)
    .option('--http-seconds <n>', 'seconds of each HTTP load', parseCount(1), 10)
    .option('--connections <n>', 'connections of the concurrent command loads', parseCount(1), 32)
    .option('--read-connections <n>', 'connections of the read-route loads', parseCount(1), 4)
    .option('--freshness-rate <n>', 'commands per second of the freshness figure', parseCount(1), 500)
    .option('--freshness-seconds <n>', 'seconds of the freshness figure', parseCount(1), 10)
    .option('--store-events <n>', 'events per store-level pair (0 skips them)', parseCount(0), 5000)
    .option('--no-profile', 'do not profile what misses its goal')
    .option('--out <file>', 'where the table is written', path.join('bench', 'RESULTS.md'))
    .action(async (options: BenchCommandOptions) => {
      const report = await runBench({ ...options, say: (line) => err(`bench: ${line}`) });
      writeReport(options.out, report);
      out(formatReport(report));
      out(`written to ${options.out}`);
    });
}

function parseCount(min: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`must be an integer ≥ ${min}`);
    return n;
  };
}

function parseShare(value: string): number {
  const n = Number(value);
  if (!(n > 0 && n <= 1)) throw new InvalidArgumentError('must be a number in (0, 1]');
  return n;
}
