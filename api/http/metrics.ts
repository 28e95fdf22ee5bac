// Prometheus text exposition of the few numbers an operator watches (GET /metrics).
export interface Metrics {
  count(name: string, labels?: Record<string, string>, by?: number): void;
  observe(name: string, seconds: number, labels?: Record<string, string>): void;
  render(): string;
}

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

const HELP: Record<string, string> = {
  hocba_packages_total: 'Packages received, by outcome and first issue code.',
  hocba_verification_seconds: 'Time to verify one package with the engine.',
  hocba_lookups_total: 'Public record lookups, by result.',
  hocba_http_request_seconds: 'HTTP request latency by route and status.',
  hocba_pdf_copies_total: 'PDF copies issued.',
  hocba_xml_releases_total: 'Requests for the exact XML on proof of the personal id, by outcome.',
  hocba_forward_items_total: 'Items of provinces\' streams applied by a national instance (issue 19).',
};

function key(labels: Record<string, string> = {}): string {
  const entries = Object.entries(labels).sort(([a], [b]) => a.localeCompare(b));
  return entries.map(([name, value]) => `${name}="${value.replace(/["\\\n]/g, '_')}"`).join(',');
}

export function createMetrics(): Metrics {
  const counters = new Map<string, Map<string, number>>();
  const histograms = new Map<string, Map<string, { buckets: number[]; sum: number; count: number }>>();
  return {
    count(name, labels, by = 1) {
      const series = counters.get(name) ?? new Map<string, number>();
      counters.set(name, series);
      const id = key(labels);
      series.set(id, (series.get(id) ?? 0) + by);
    },
    observe(name, seconds, labels) {
      const series = histograms.get(name) ?? new Map();
      histograms.set(name, series);
      const id = key(labels);
      const found = series.get(id) ?? { buckets: BUCKETS.map(() => 0), sum: 0, count: 0 };
      BUCKETS.forEach((bound, i) => { if (seconds <= bound) found.buckets[i]! += 1; });
      found.sum += seconds;
      found.count += 1;
      series.set(id, found);
    },
    render() {
      const lines: string[] = [];
      for (const [name, series] of counters) {
        lines.push(`# HELP ${name} ${HELP[name] ?? name}`, `# TYPE ${name} counter`);
        for (const [id, value] of series) lines.push(`${name}${id ? `{${id}}` : ''} ${value}`);
      }
      for (const [name, series] of histograms) {
        lines.push(`# HELP ${name} ${HELP[name] ?? name}`, `# TYPE ${name} histogram`);
        for (const [id, found] of series) {
          const prefix = id ? `${id},` : '';
          BUCKETS.forEach((bound, i) => lines.push(`${name}_bucket{${prefix}le="${bound}"} ${found.buckets[i]}`));
          lines.push(`${name}_bucket{${prefix}le="+Inf"} ${found.count}`);
          lines.push(`${name}_sum${id ? `{${id}}` : ''} ${found.sum}`, `${name}_count${id ? `{${id}}` : ''} ${found.count}`);
        }
      }
      return lines.join('\n') + '\n';
    },
  };
}
