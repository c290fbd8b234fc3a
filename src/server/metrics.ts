/**
 * Prometheus metrics in the text exposition format (version 0.0.4), written here rather than with
 * prom-client: gatewatch exposes a dozen series of three types, the format is small and stable, and
 * keeping it in ~150 lines avoids a dependency with global default registries and process collectors
 * we do not want (tests run many servers in one process). Label values are escaped as the format
 * requires (backslash, double quote, newline); names are constants of this file.
 */

export type Labels = Readonly<Record<string, string>>;

/** A Prometheus-valid label set key (sorted label names) for the maps below. */
function labelKey(labels: Labels): string {
  return Object.keys(labels)
    .sort()
    .map((name) => `${name}="${escapeLabelValue(labels[name] ?? '')}"`)
    .join(',');
}

export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function series(name: string, key: string, value: number): string {
  return `${name}${key === '' ? '' : `{${key}}`} ${formatValue(value)}`;
}

interface Metric {
  readonly name: string;
  readonly help: string;
  readonly type: 'counter' | 'gauge' | 'histogram';
  lines(): string[];
}

export class Counter implements Metric {
  readonly type = 'counter';
  readonly name: string;
  readonly help: string;
  private readonly values = new Map<string, number>();

  constructor(name: string, help: string) {
    this.name = name;
    this.help = help;
  }

  inc(labels: Labels = {}, by = 1): void {
    const key = labelKey(labels);
    this.values.set(key, (this.values.get(key) ?? 0) + by);
  }

  get(labels: Labels = {}): number {
    return this.values.get(labelKey(labels)) ?? 0;
  }

  lines(): string[] {
    return [...this.values].map(([key, value]) => series(this.name, key, value));
  }
}

export class Gauge implements Metric {
  readonly type = 'gauge';
  readonly name: string;
  readonly help: string;
  private values = new Map<string, number>();
  /** Computed at scrape time instead of stored (certificate expiry depends on the clock). */
  private collect: (() => Iterable<readonly [Labels, number]>) | undefined;

  constructor(name: string, help: string) {
    this.name = name;
    this.help = help;
  }

  set(labels: Labels, value: number): void {
    this.values.set(labelKey(labels), value);
  }

  /** Replaces every series at once (a new review of the cluster model). */
  replace(entries: Iterable<readonly [Labels, number]>): void {
    const values = new Map<string, number>();
    for (const [labels, value] of entries) values.set(labelKey(labels), value);
    this.values = values;
  }

  collectWith(collect: () => Iterable<readonly [Labels, number]>): void {
    this.collect = collect;
  }

  lines(): string[] {
    if (this.collect) this.replace(this.collect());
    return [...this.values].map(([key, value]) => series(this.name, key, value));
  }
}

export class Histogram implements Metric {
  readonly type = 'histogram';
  readonly name: string;
  readonly help: string;
  readonly buckets: readonly number[];
  private readonly data = new Map<string, { counts: number[]; sum: number; count: number }>();

  constructor(name: string, help: string, buckets: readonly number[]) {
    this.name = name;
    this.help = help;
    this.buckets = [...buckets].sort((a, b) => a - b);
  }

  observe(labels: Labels, value: number): void {
    const key = labelKey(labels);
    let entry = this.data.get(key);
    if (!entry) this.data.set(key, (entry = { counts: this.buckets.map(() => 0), sum: 0, count: 0 }));
    const { counts } = entry;
    this.buckets.forEach((bound, i) => {
      if (value <= bound) counts[i] = (counts[i] ?? 0) + 1;
    });
    entry.sum += value;
    entry.count++;
  }

  lines(): string[] {
    const out: string[] = [];
    for (const [key, entry] of this.data) {
      const withLe = (le: string): string => (key === '' ? `le="${le}"` : `${key},le="${le}"`);
      this.buckets.forEach((bound, i) => {
        out.push(series(`${this.name}_bucket`, withLe(formatValue(bound)), entry.counts[i] ?? 0));
      });
      out.push(series(`${this.name}_bucket`, withLe('+Inf'), entry.count));
      out.push(series(`${this.name}_sum`, key, entry.sum));
      out.push(series(`${this.name}_count`, key, entry.count));
    }
    return out;
  }
}

/** Every series `serve` exposes (docs/serve.md lists them). */
export class ServerMetrics {
  readonly findings = new Gauge(
    'gatewatch_findings',
    'Open findings in the cluster model by rule and severity (last review of the model).',
  );
  readonly admissionReviews = new Counter(
    'gatewatch_admission_reviews_total',
    'AdmissionReviews answered, by kind, operation and decision (allowed, denied, error).',
  );
  readonly admissionDuration = new Histogram(
    'gatewatch_admission_duration_seconds',
    'Time to answer an AdmissionReview, from the request to the response body.',
    [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
  );
  readonly admissionFindings = new Counter(
    'gatewatch_admission_findings_total',
    'Findings reported by the admission webhook, by rule and severity.',
  );
  readonly auditEvents = new Counter(
    'gatewatch_audit_events_total',
    'Audit events received by the audit webhook, by result (stored, duplicate, untracked, malformed).',
  );
  readonly auditBatches = new Counter(
    'gatewatch_audit_batches_total',
    'Audit webhook requests, by HTTP status code.',
  );
  readonly alerts = new Counter('gatewatch_alerts_total', 'Alerts raised, by detection and severity.');
  readonly certificateExpiry = new Gauge(
    'gatewatch_certificate_expiry_seconds',
    'Seconds until the leaf certificate of each TLS Secret in the cluster model expires (negative: expired).',
  );
  readonly servingCertificateExpiry = new Gauge(
    'gatewatch_serving_certificate_expiry_seconds',
    "Seconds until the server's own certificate (--tls-cert-file) expires.",
  );
  readonly certificateReloads = new Counter(
    'gatewatch_serving_certificate_reloads_total',
    'Reloads of the serving certificate and key, by result (ok, error).',
  );
  readonly modelObjects = new Gauge('gatewatch_model_objects', 'Objects in the cluster model.');
  readonly clusterChanges = new Counter(
    'gatewatch_cluster_changes_total',
    'Changes to the cluster model seen by the watch, by kind and verb (added, modified, deleted).',
  );

  private all(): Metric[] {
    return [
      this.findings,
      this.admissionReviews,
      this.admissionDuration,
      this.admissionFindings,
      this.auditEvents,
      this.auditBatches,
      this.alerts,
      this.certificateExpiry,
      this.servingCertificateExpiry,
      this.certificateReloads,
      this.modelObjects,
      this.clusterChanges,
    ];
  }

  /** The exposition text (Content-Type: text/plain; version=0.0.4). */
  render(): string {
    const out: string[] = [];
    for (const metric of this.all()) {
      out.push(`# HELP ${metric.name} ${metric.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`);
      out.push(`# TYPE ${metric.name} ${metric.type}`);
      out.push(...metric.lines());
    }
    return `${out.join('\n')}\n`;
  }
}

export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
