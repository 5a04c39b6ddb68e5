/**
 * What the kernel says a process has used: CPU seconds and peak resident memory, read from `/proc`.
 *
 * The harness reads a server's CPU time before and after a load run and divides the difference by the
 * requests served, which gives a cost per request that does not depend on how busy the machine was.
 * Linux only; elsewhere the figures are reported as absent.
 */
import { readFileSync } from 'node:fs';

/** Kernel clock ticks per second for `/proc/<pid>/stat` (`getconf CLK_TCK`; 100 on every Linux we target). */
const CLOCK_TICKS = 100;

/** User + system CPU seconds the process has used so far, or `null` when it cannot be read. */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces; everything after its closing ')' splits cleanly.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/** Peak resident set size in MiB (`VmHWM`), or `null` when it cannot be read. */
export function peakRssMiB(pid: number): number | null {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}
