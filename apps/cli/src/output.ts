/**
 * The command line's only way to speak: whole lines to stdout (results) or stderr (progress,
 * warnings, errors), so output can be piped and the progress bar never mixes into results.
 */

/** Writes `text` and a newline to stdout. */
export function out(text = ''): void {
  process.stdout.write(`${text}\n`);
}

/** Writes `text` and a newline to stderr. */
export function err(text = ''): void {
  process.stderr.write(`${text}\n`);
}

/** Columns a string takes in a terminal: CJK and full-width characters take two. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    const wide =
      (cp >= 0x1100 && cp <= 0x115f) ||
      (cp >= 0x2e80 && cp <= 0xa4cf) ||
      (cp >= 0xac00 && cp <= 0xd7a3) ||
      (cp >= 0xf900 && cp <= 0xfaff) ||
      (cp >= 0xfe30 && cp <= 0xfe4f) ||
      (cp >= 0xff00 && cp <= 0xff60) ||
      (cp >= 0xffe0 && cp <= 0xffe6) ||
      (cp >= 0x20000 && cp <= 0x3fffd);
    width += wide ? 2 : 1;
  }
  return width;
}

/** `text` padded with spaces to `width` terminal columns, on the right (`'left'`) or the left (`'right'`). */
export function pad(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return align === 'left' ? text + fill : fill + text;
}
