import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The file in an embedded data directory naming the process that has it open. */
export const OWNER_FILE = 'zhiben-owner.pid';

/**
 * Another process (or another instance in this one) has the embedded database open. Two PGlite
 * instances on one data directory destroy it (each keeps its own copy of the pages in memory).
 */
export class DataDirInUseError extends Error {
  override readonly name = 'DataDirInUseError';
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `the embedded database in ${dataDir} is open in process ${pid} (the api, a worker or another command): stop it first — ` +
        `two processes on one embedded database destroy it. If no Zhiben process runs, delete ${path.join(dataDir, OWNER_FILE)}.`,
    );
  }
}

/** Whether `dataDir` is a directory on this machine's file system (not `memory://`, `idb://`, …). */
export function isOnDisk(dataDir: string | undefined): dataDir is string {
  return dataDir !== undefined && dataDir !== '' && !/^[a-z]+:\/\//i.test(dataDir);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Claims `dataDir` for this process: writes its pid to `<dataDir>/zhiben-owner.pid`, creating the
 * directory when needed. A file left by a process that no longer runs (a crash) is taken over.
 * @returns a function that gives the claim up (removes the file if it is still ours); call it once closed
 * @throws DataDirInUseError when a running process (this one included) holds the claim
 */
export function claimDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, OWNER_FILE);
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
      const pid = Number.parseInt(readFileSync(file, 'utf8'), 10);
      if (Number.isSafeInteger(pid) && pid > 0 && alive(pid)) throw new DataDirInUseError(dataDir, pid);
      unlinkSync(file); // stale: its process is gone
    }
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    try {
      if (readFileSync(file, 'utf8') === String(process.pid)) unlinkSync(file);
    } catch {
      /* already gone */
    }
  };
}
