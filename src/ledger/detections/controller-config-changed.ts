import { defineDetection } from './detection.ts';
import { at } from '../../model/field-path.ts';
import { asObject, stringMap, type JsonObject } from '../../model/resource.ts';
import { parseGoBool } from '../../rules/support/nginx.ts';
import { weakProtocols } from '../../rules/controller-tls-protocols-weak.ts';
import { detailValue, isSuccessfulWrite, objectLabel } from './support/objects.ts';

function dataOf(state: JsonObject | null): Record<string, string> {
  return state ? stringMap(asObject(state).data) : {};
}

/** Why the change is an `error`: snippets newly allowed, or weaker TLS protocols newly enabled. */
function weakenings(before: Record<string, string>, after: Record<string, string>): string[] {
  const reasons: string[] = [];
  const allow = after['allow-snippet-annotations'];
  if (
    parseGoBool(allow?.trim()) === true &&
    parseGoBool(before['allow-snippet-annotations']?.trim()) !== true
  )
    reasons.push('allow-snippet-annotations enabled');
  if (
    after['annotations-risk-level']?.trim() === 'Critical' &&
    before['annotations-risk-level']?.trim() !== 'Critical'
  )
    reasons.push('annotations-risk-level raised to Critical (snippets accepted)');
  const oldWeak = new Set(weakProtocols(before['ssl-protocols'] ?? ''));
  const newWeak = weakProtocols(after['ssl-protocols'] ?? '').filter((protocol) => !oldWeak.has(protocol));
  if (newWeak.length > 0) reasons.push(`ssl-protocols now enables ${newWeak.join(', ')}`);
  return reasons;
}

export default defineDetection({
  id: 'controller-config-changed',
  severity: 'warning',
  subject: 'configmaps',
  docs: {
    summary:
      'An ingress controller ConfigMap (ingress-nginx, Traefik, HAProxy, Kong, or one configured) was changed or deleted, or created allowing snippets or old TLS; `error` when the change allows snippet annotations (allow-snippet-annotations, annotations-risk-level Critical) or enables TLS protocols older than TLSv1.2.',
    investigate:
      'The ConfigMap configures every Ingress the controller serves; review each changed key, and revert a change that allows snippets or old TLS unless it was planned.',
    references: [
      'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/configmap/',
      'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/configmap/#allow-snippet-annotations',
      'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/configmap/#ssl-protocols',
    ],
  },
  detect(change, { alert }) {
    // The ledger tracks only controller ConfigMaps (ledger/tracked.ts: the well-known names and the ones
    // configured), so every ConfigMap change that reaches here is one.
    if (!isSuccessfulWrite(change)) return [];
    const label = objectLabel(change.object);
    if (change.verb === 'delete' || change.verb === 'deletecollection')
      return [
        alert({
          summary: `${label} deleted: the controller falls back to its defaults`,
          details: {},
        }),
      ];
    if (change.state === null || change.bodyless) {
      if (change.verb === 'create') return [];
      return [alert({ summary: `${label} changed (content not recorded)`, details: { bodyless: true } })];
    }
    const before = dataOf(change.verb === 'create' ? null : change.previous);
    const after = dataOf(change.state);
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])]
      .filter((key) => before[key] !== after[key])
      .sort();
    const reasons = weakenings(before, after);
    // Installing a controller creates its ConfigMap: only a creation that weakens it is worth an alert.
    if (keys.length === 0 || (change.verb === 'create' && reasons.length === 0)) return [];
    return [
      alert({
        summary: `${label} ${change.verb === 'create' ? 'created' : 'changed'}${reasons.length > 0 ? `: ${reasons.join('; ')}` : keys.length > 0 ? ` (${keys.join(', ')})` : ''}`,
        severity: reasons.length > 0 ? 'error' : 'warning',
        details: {
          changed: keys.map((key) => ({
            path: at('data', key),
            old: detailValue(before[key]),
            new: detailValue(after[key]),
          })),
          weakenings: reasons,
        },
      }),
    ];
  },
});
