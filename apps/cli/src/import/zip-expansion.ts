/**
 * A guard against ZIP bombs before ExcelJS opens a workbook: ExcelJS (through JSZip) inflates every
 * entry into memory, so a workbook of a few hundred kB holding a sheet of gigabytes of blanks would take
 * the process down. Here every entry is inflated as a stream and only counted, never kept.
 */
import { createInflateRaw } from 'node:zlib';

/** The most a workbook's entries may expand to, in bytes: 200 MB (a 100 000-row ledger is far below). */
export const MAX_WORKBOOK_EXPANSION = 200 * 1024 * 1024;

/** Why a ZIP is refused: too large once expanded, or not a ZIP this guard can walk. */
export class ZipExpansionError extends Error {
  override readonly name = 'ZipExpansionError';
}

/**
 * Counts what the entries of the ZIP `bytes` expand to, by inflating each (from the central directory;
 * the sizes the archive declares are not trusted), stopping as soon as `limit` is passed.
 * @returns the total expanded size in bytes
 * @throws ZipExpansionError when the total passes `limit`, or the central directory, an entry's header,
 *   its compression method (only stored and deflate) or its deflate data is malformed
 */
export async function zipExpandedSize(bytes: Buffer, limit = MAX_WORKBOOK_EXPANSION): Promise<number> {
  const end = findEndOfCentralDirectory(bytes);
  const count = bytes.readUInt16LE(end + 10);
  let at = bytes.readUInt32LE(end + 16);
  let total = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== 0x02014b50) throw new ZipExpansionError('malformed ZIP central directory');
    const method = bytes.readUInt16LE(at + 10);
    const compressedSize = bytes.readUInt32LE(at + 20);
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    const localAt = bytes.readUInt32LE(at + 42);
    at += 46 + nameLength + extraLength + commentLength;
    if (localAt + 30 > bytes.length || bytes.readUInt32LE(localAt) !== 0x04034b50) throw new ZipExpansionError('malformed ZIP entry header');
    const dataAt = localAt + 30 + bytes.readUInt16LE(localAt + 26) + bytes.readUInt16LE(localAt + 28);
    if (compressedSize === 0xffffffff || dataAt + compressedSize > bytes.length) throw new ZipExpansionError('malformed or ZIP64 entry');
    const data = bytes.subarray(dataAt, dataAt + compressedSize);
    if (method === 0) total += data.length;
    else if (method === 8) total += await inflatedSize(data, limit - total, limit);
    else throw new ZipExpansionError(`unsupported ZIP compression method ${method}`);
    if (total > limit) throw tooLarge(limit);
  }
  return total;
}

function tooLarge(limit: number): ZipExpansionError {
  return new ZipExpansionError(`the workbook expands to more than ${Math.round(limit / 1024 / 1024)} MB (split the ledger, or save it as CSV)`);
}

function findEndOfCentralDirectory(bytes: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65 535 bytes, at the end of the archive.
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (bytes.readUInt32LE(at) === 0x06054b50) return at;
  }
  throw new ZipExpansionError('no ZIP central directory');
}

/** The inflated size of raw deflate `data`, counted chunk by chunk; rejects once it passes `budget`. */
function inflatedSize(data: Buffer, budget: number, limit: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const inflate = createInflateRaw();
    let size = 0;
    let settled = false;
    const settle = (error: Error | null) => {
      if (settled) return;
      settled = true;
      if (error) reject(error);
      else resolve(size);
    };
    inflate.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > budget) {
        settle(tooLarge(limit));
        inflate.destroy();
      }
    });
    inflate.on('error', (error) => settle(new ZipExpansionError(`malformed deflate data: ${error.message}`)));
    inflate.on('end', () => settle(null));
    inflate.end(data);
  });
}
