/**
 * The bench's one table: each figure, its raw counterpart measured in the same run, their ratio and
 * the goal; printed and written to `bench/RESULTS.md` with the machine it ran on.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Machine } from './machine.js';

/** One row of the table. */
export interface BenchRow {
  /** What was measured, with its size (e.g. 'ReportHazard over HTTP, 32 connections, server mode'). */
  figure: string;
  /** The figure as a number, in `unit` (the ratio's numerator). */
  value: number;
  /** The figure as shown (e.g. '81 /s, p50 350 ms, p99 658 ms'). */
  shown: string;
  /** The raw counterpart, same run, in `unit` (the ratio's denominator); null when the issue names none. */
  raw: number | null;
  /** The raw counterpart as shown ('—' when none), naming what it is. */
  rawShown: string;
  /** value ÷ raw; null without a raw counterpart. */
  ratio: number | null;
  /** The goal as the issue states it. */
  goal: string;
  /** Whether the goal is met; null when this run cannot judge it (e.g. no goal). */
  met: boolean | null;
  /** When the goal is missed: what limits it (measured facts and the profile's top entries). */
  limit?: string | undefined;
}

/** A row with its ratio computed from `value` and `raw`. */
export function row(r: Omit<BenchRow, 'ratio'>): BenchRow {
  return { ...r, ratio: r.raw === null || r.raw === 0 ? null : r.value / r.raw };
}

/** What the run was: sizes and the machine. */
export interface BenchReport {
  rows: BenchRow[];
  machine: Machine;
  /** Sizes and what was used (e.g. the rebuild's method), one line each. */
  setup: string[];
  /** Lines that are not rows (fill time, history storage, catch-up time). */
  notes: string[];
  /** Wall time of the run, in seconds. */
  seconds: number;
}

/** Formats a number of events or requests per second, or any count, with thousands separators. */
export const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function ratioText(r: BenchRow): string {
  if (r.ratio === null) return '—';
  return `${r.ratio.toFixed(r.ratio < 0.01 ? 4 : 2)}×`;
}

function verdict(r: BenchRow): string {
  return r.met === null ? '' : r.met ? ' ✓' : ' ✗';
}

/** The report as Markdown: machine, setup, the table, then each missed goal's limit and the notes. */
export function formatReport(report: BenchReport): string {
  const m = report.machine;
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const lines = [
    '# `npm run bench`',
    '',
    `Machine: ${m.cores} cores (${m.cpuModel}), ${fmt(m.memoryGb, 1)} GB memory, ${m.os}; node ${m.node}, ${m.postgres}, PGlite ${m.pglite}.`,
    `Run at ${m.startedAt}, ${fmt(report.seconds / 60, 1)} min. The machine is shared: other processes ran on it too (load average ${m.loadAverage} at the start).`,
    '',
    ...report.setup.map((s) => `- ${s}`),
    '',
    '| figure | measured | raw counterpart, same run | ratio | goal |',
    '|---|---|---|---|---|',
    ...report.rows.map((r) => `| ${cell(r.figure)} | ${cell(r.shown)} | ${cell(r.rawShown)} | ${ratioText(r)} | ${cell(r.goal)}${verdict(r)} |`),
  ];
  const missed = report.rows.filter((r) => r.met === false);
  if (missed.length > 0) {
    lines.push('', '## Goals missed, and what limits them', '');
    if (Number(m.loadAverage) > 2 * m.cores) {
      lines.push(`The machine was oversubscribed (load average ${m.loadAverage} on ${m.cores} cores at the start): every process here waited for a core as well, the raw counterparts included — the ratios are the fairer reading.`, '');
    }
    for (const r of missed) lines.push(`- **${r.figure}**: ${r.limit ?? 'no limit measured'}`);
  }
  if (report.notes.length > 0) lines.push('', '## Notes', '', ...report.notes.map((n) => `- ${n}`));
  return lines.join('\n') + '\n';
}

/** Writes the report to `file` (its folder made when absent). */
export function writeReport(file: string, report: BenchReport): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, formatReport(report));
}
