import { defineDetection } from './detection.ts';
import {
  annotationChanges,
  detailValue,
  isCreate,
  isModification,
  objectLabel,
  stateBefore,
} from './support/objects.ts';
import { highRiskOf } from './support/annotations.ts';

export default defineDetection({
  id: 'ingress-risky-annotation-added',
  severity: 'warning',
  subject: 'ingresses',
  docs: {
    summary:
      'An ingress-nginx annotation the controller rates High or Critical risk (other than snippets, see ingress-snippet-added) appeared or changed on an Ingress.',
    investigate:
      'High-risk annotations change authentication, upstream TLS, proxying or rewriting; compare the new value with what the owning team intended.',
    references: [
      'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations-risk/',
      'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/configmap/#annotations-risk-level',
    ],
  },
  detect(change, { alert }) {
    if (change.state === null || !(isCreate(change) || isModification(change))) return [];
    const risky = annotationChanges(stateBefore(change), change.state).flatMap((c) => {
      const risk = highRiskOf(c.key);
      return risk !== undefined && c.new !== undefined && c.new.trim() !== '' ? [{ ...c, risk }] : [];
    });
    if (risky.length === 0) return [];
    return [
      alert({
        summary: `${risky.map((c) => `${c.key} (${c.risk})`).join(', ')} set on ${objectLabel(change.object)}`,
        details: {
          changed: risky.map((c) => ({
            path: c.path,
            old: detailValue(c.old),
            new: detailValue(c.new),
            risk: c.risk,
          })),
        },
      }),
    ];
  },
});
