/**
 * A text progress bar for the batch job, drawn on stderr.
 *
 * On a terminal it redraws one line in place (`\r`); when stderr is a file or a pipe (CI logs) it
 * prints a plain line at each 10% step instead, so logs stay readable. Progress is measured in
 * bytes of the CSV read, which is known without a first pass to count rows.
 */

/** Renders `[#####.....]  50%` for a fraction from 0 to 1. */
export function renderBar(fraction: number, width = 30): string {
  const clamped = Math.min(1, Math.max(0, fraction));
  const filled = Math.round(clamped * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.floor(clamped * 100)).padStart(3)}%`;
}

/** A progress bar bound to an output stream. */
export class ProgressBar {
  private lastStep = -1;
  private readonly started = performance.now();

  constructor(
    private readonly totalBytes: number,
    private readonly out: { write(text: string): unknown; isTTY?: boolean } = process.stderr,
  ) {}

  /** Shows the current position and counters. */
  update(bytesRead: number, counters: { predicted: number; skipped: number; invalid: number }): void {
    const fraction = this.totalBytes === 0 ? 1 : bytesRead / this.totalBytes;
    const seconds = (performance.now() - this.started) / 1000;
    const rate = seconds > 0 ? Math.round(counters.predicted / seconds) : 0;
    const line = `${renderBar(fraction)}  ${counters.predicted} predicted, ${counters.skipped} already done, ${counters.invalid} invalid  (${rate} rows/s)`;
    if (this.out.isTTY) {
      this.out.write(`\r${line}`);
      return;
    }
    const step = Math.floor(fraction * 10);
    if (step > this.lastStep) {
      this.lastStep = step;
      this.out.write(`${line}\n`);
    }
  }

  /** Ends the bar's line on a terminal. */
  finish(): void {
    if (this.out.isTTY) this.out.write('\n');
  }
}
