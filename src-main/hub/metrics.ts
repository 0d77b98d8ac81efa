/** In-process counters rendered as Prometheus text at GET /metrics. */
import type { Metrics } from './types.js';

const HELP: Record<string, string> = {
  auxin_http_requests_total: 'HTTP requests answered',
  auxin_http_errors_total: 'HTTP requests answered with a 4xx or 5xx status',
  auxin_http_bytes_in_total: 'Request body bytes received',
  auxin_http_bytes_out_total: 'Bytes sent on the wire, headers included',
  auxin_pushes_total: 'Pushes accepted',
  auxin_pulls_total: 'Pulls and clones served',
  auxin_locks_total: 'Lock operations',
  auxin_sync_bytes_in_total:
    'Bytes of chunks and objects received by pushes, as stored (after compression and deltas are undone)',
  auxin_sync_bytes_out_total: 'Bytes of chunks and objects sent to pulls and clones',
};

function labelKey(labels: Record<string, string> | undefined): string {
  if (!labels) return '';
  const parts = Object.keys(labels)
    .sort()
    .map(
      (k) =>
        `${k}="${String(labels[k]).replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : '\\' + c))}"`,
    );
  return parts.length ? `{${parts.join(',')}}` : '';
}

export function createMetrics(): Metrics {
  const series = new Map<string, Map<string, number>>();
  for (const name of Object.keys(HELP)) series.set(name, new Map());

  return {
    inc(name, value = 1, labels) {
      const full = name.startsWith('auxin_') ? name : `auxin_${name}`;
      let m = series.get(full);
      if (!m) {
        m = new Map();
        series.set(full, m);
      }
      const key = labelKey(labels);
      m.set(key, (m.get(key) ?? 0) + value);
    },
    render() {
      const lines: string[] = [];
      for (const [name, m] of series) {
        lines.push(`# HELP ${name} ${HELP[name] ?? name}`, `# TYPE ${name} counter`);
        if (m.size === 0) lines.push(`${name} 0`);
        for (const [key, v] of m) lines.push(`${name}${key} ${v}`);
      }
      return lines.join('\n') + '\n';
    },
  };
}
