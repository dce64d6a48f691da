import cliProgress from 'cli-progress';

/** `1h 02m`, `3m 20s`, `12s`; `?` when unknown. */
export function duration(ms: number): string {
  if (!Number.isFinite(ms)) return '?';
  const s = Math.round(ms / 1000);
  if (s >= 3600) return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${s}s`;
}

/** Options of {@link progressReporter}. */
export interface ProgressReporterOptions {
  /** Shown first on the bar or line, e.g. the scenario's name. */
  label: string;
  /** What is counted, e.g. `simulated s` or `episodes`. */
  unit: string;
  /** Whether stderr is a terminal (default `process.stderr.isTTY`); a test sets it. */
  tty?: boolean;
  /** Show nothing until this much wall time has passed (ms), so quick commands stay quiet (default 0). */
  quietForMs?: number;
  /** Where log lines go (default stderr). */
  write?: (line: string) => void;
}

/** Updates a progress display: `done` of `total` units, and optional text after it. */
export interface ProgressReporter {
  update(done: number, total: number, elapsedMs: number, extra?: string): void;
  stop(): void;
}

/**
 * Progress on stderr for a long command: a redrawn bar with an ETA on a terminal (cli-progress), and
 * in a log (a cluster job, CI, a pipe) a plain line every 10% or 30 s, since a redrawn bar would fill
 * the log with control characters.
 */
export function progressReporter(options: ProgressReporterOptions): ProgressReporter {
  const quietForMs = options.quietForMs ?? 0;
  if (options.tty ?? process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: `${options.label} {bar} {value}/{total} ${options.unit} | {percentage}% | {elapsedText} elapsed, ETA {etaText}{extra}`, stream: process.stderr, hideCursor: true, fps: 5 },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    let stopped = false;
    return {
      update(done, total, elapsedMs, extra) {
        if (stopped || (!started && elapsedMs < quietForMs && done < total)) return;
        const payload = { elapsedText: duration(elapsedMs), etaText: duration(eta(done, total, elapsedMs)), extra: extra ? ` | ${extra}` : '' };
        if (!started) {
          bar.start(round(total), round(done), payload);
          started = true;
        } else bar.update(round(done), payload);
      },
      stop() {
        if (started && !stopped) bar.stop();
        stopped = true;
      },
    };
  }
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  let lastAt = -Infinity;
  let lastTenth = -1;
  let spoke = false;
  return {
    update(done, total, elapsedMs, extra) {
      if (elapsedMs < quietForMs && !spoke) return;
      const tenth = Math.floor((10 * done) / Math.max(1e-12, total));
      if (done < total && tenth === lastTenth && elapsedMs - lastAt < 30_000) return;
      if (done >= total && !spoke) return; // finished before the first line was due: nothing to say
      lastAt = elapsedMs;
      lastTenth = tenth;
      spoke = true;
      const pct = ((100 * done) / Math.max(1e-12, total)).toFixed(0);
      write(`${options.label}: ${round(done)}/${round(total)} ${options.unit} (${pct}%)${extra ? `, ${extra}` : ''}, ${duration(elapsedMs)} elapsed, ETA ${duration(eta(done, total, elapsedMs))}\n`);
    },
    stop() {},
  };
}

function eta(done: number, total: number, elapsedMs: number): number {
  return done > 0 ? (elapsedMs / done) * (total - done) : NaN;
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}
