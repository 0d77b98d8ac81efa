/**
 * A progress bar for long work: bytes, rate and ETA, drawn on stderr only when it is a terminal.
 * Off a terminal (pipes, CI, --json) it prints nothing, so scripts read clean output.
 */
export interface Progress {
  /** Add `bytes` of work done. */
  tick(bytes: number): void;
  /** Grow the total when more work is discovered. */
  addTotal(bytes: number): void;
  done(): void;
}

export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}

function formatEta(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  const m = Math.floor(s / 60);
  return `${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

const silent: Progress = { tick() {}, addTotal() {}, done() {} };

export function createProgress(
  label: string,
  total: number,
  opts: { enabled?: boolean; stream?: NodeJS.WriteStream } = {},
): Progress {
  const stream = opts.stream ?? process.stderr;
  const enabled = opts.enabled ?? (stream.isTTY === true && !process.env.CI);
  if (!enabled) return silent;
  const start = Date.now();
  let doneBytes = 0;
  let last = 0;
  const draw = (force: boolean) => {
    const now = Date.now();
    if (!force && now - last < 100) return;
    last = now;
    const elapsed = Math.max((now - start) / 1000, 0.001);
    const rate = doneBytes / elapsed;
    const frac = total > 0 ? Math.min(doneBytes / total, 1) : 0;
    const width = 24;
    const filled = Math.round(frac * width);
    const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
    const eta = rate > 0 ? (total - doneBytes) / rate : Infinity;
    stream.write(
      `\r${label} ${bar} ${(frac * 100).toFixed(0).padStart(3)}% ` +
        `${formatBytes(doneBytes)}/${formatBytes(total)} ${formatBytes(rate)}/s ETA ${formatEta(eta)}\x1b[K`,
    );
  };
  return {
    tick(bytes) {
      doneBytes += bytes;
      draw(false);
    },
    addTotal(bytes) {
      total += bytes;
    },
    done() {
      draw(true);
      stream.write('\n');
    },
  };
}
