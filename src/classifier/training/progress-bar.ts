/**
 * A text progress bar for long training steps, written to stderr so stdout stays parseable.
 *
 * On a terminal the bar redraws in place (`\r`); in a log file (not a TTY) it prints a line every
 * tenth of the way instead, so CI logs show progress without thousands of carriage returns.
 */

/** Where the bar draws; `process.stderr` by default. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** Counts work done out of a known total and shows rate and time left. */
export class ProgressBar {
  private done = 0;
  private lastDecile = -1;
  private readonly started = Date.now();

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly stream: ProgressStream = process.stderr,
  ) {}

  /** Records `n` more units done; `note` is shown after the bar (e.g. the current candidate). */
  tick(n = 1, note = ''): void {
    this.done = Math.min(this.total, this.done + n);
    if (this.stream.isTTY) this.stream.write(`\r${this.render(note)}\x1b[K`);
    else {
      const decile = Math.floor((10 * this.done) / this.total);
      if (decile !== this.lastDecile) this.stream.write(`${this.render(note)}\n`);
      this.lastDecile = decile;
    }
  }

  /** Ends the bar's line. */
  finish(): void {
    if (this.stream.isTTY) this.stream.write('\n');
  }

  /** The bar as text, e.g. `cv [########------------] 12/30 40% 3.1s left`. */
  render(note = ''): string {
    const width = 24;
    const fraction = this.total === 0 ? 1 : this.done / this.total;
    const filled = Math.round(fraction * width);
    const elapsed = (Date.now() - this.started) / 1000;
    const left = this.done === 0 ? '?' : `${((elapsed / this.done) * (this.total - this.done)).toFixed(1)}s`;
    const bar = '#'.repeat(filled) + '-'.repeat(width - filled);
    return `${this.label} [${bar}] ${this.done}/${this.total} ${Math.round(fraction * 100)}% ${left} left ${note}`.trimEnd();
  }
}
