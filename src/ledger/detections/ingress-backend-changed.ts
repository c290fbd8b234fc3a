import { defineDetection } from './detection.ts';
import type { BackendRef, IngressView } from '../../model/ingress.ts';
import { ingressView, isModification, objectLabel } from './support/objects.ts';

/** `web:80`, `web:http`, `Bucket static-assets`: what a backend sends traffic to. */
function backendLabel(backend: BackendRef): string {
  if (backend.type === 'service')
    return `${backend.service}:${String(backend.port.number ?? backend.port.name ?? '?')}`;
  if (backend.type === 'resource') return `${backend.kind} ${backend.name}`;
  return '(none)';
}

/** Each path by host, path and pathType (what identifies a route), with its backend. */
function routes(ingress: IngressView): Map<string, { label: string; path: string; display: string }> {
  const byKey = new Map<string, { label: string; path: string; display: string }>();
  for (const entry of ingress.paths) {
    const key = JSON.stringify([entry.host ?? '', entry.path ?? '', entry.pathType ?? '']);
    byKey.set(key, {
      label: backendLabel(entry.backend),
      path: entry.backend.path,
      display: `${entry.host ?? '*'}${entry.path ?? '/'}`,
    });
  }
  if (ingress.defaultBackend)
    byKey.set('default', {
      label: backendLabel(ingress.defaultBackend),
      path: ingress.defaultBackend.path,
      display: 'default backend',
    });
  return byKey;
}

export default defineDetection({
  id: 'ingress-backend-changed',
  severity: 'info',
  subject: 'ingresses',
  docs: {
    summary:
      'A rule of an Ingress (or its default backend) now sends traffic to a different Service or port.',
    investigate:
      'Check that the new Service is the intended one: redirecting a path to another Service is how traffic (and the credentials in it) is diverted.',
    references: ['https://kubernetes.io/docs/concepts/services-networking/ingress/#the-ingress-resource'],
  },
  detect(change, { alert }) {
    if (!isModification(change)) return [];
    const before = routes(ingressView(change, change.previous));
    const after = routes(ingressView(change, change.state));
    const changed: { path: string; old: string; new: string }[] = [];
    const where: string[] = [];
    for (const [key, next] of after) {
      const old = before.get(key);
      if (!old || old.label === next.label) continue;
      changed.push({ path: next.path, old: old.label, new: next.label });
      where.push(`${next.display}: ${old.label} → ${next.label}`);
    }
    if (changed.length === 0) return [];
    return [
      alert({
        summary: `Backend changed on ${objectLabel(change.object)}: ${where.join('; ')}`,
        details: { changed },
      }),
    ];
  },
});
