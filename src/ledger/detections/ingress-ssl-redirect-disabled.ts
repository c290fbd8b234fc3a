import { defineDetection } from './detection.ts';
import { annotationPath } from '../../model/field-path.ts';
import { annotationsOf, isCreate, isModification, objectLabel, stateBefore } from './support/objects.ts';
import { SSL_REDIRECT_KEYS, isFalse } from './support/annotations.ts';

export default defineDetection({
  id: 'ingress-ssl-redirect-disabled',
  severity: 'warning',
  subject: 'ingresses',
  docs: {
    summary:
      'ssl-redirect or force-ssl-redirect (ingress-nginx, HAProxy) was set to "false": plain-HTTP requests are served instead of redirected to HTTPS.',
    investigate:
      'Clients that start with http:// (links, bookmarks, typed URLs) now send cookies and credentials in clear text; keep the redirect unless a path must answer over HTTP (ACME challenges are handled without it).',
    references: [
      'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#server-side-https-enforcement-through-redirect',
      'https://www.haproxy.com/documentation/kubernetes-ingress/community/configuration-reference/ingress/#ssl-redirect',
    ],
  },
  detect(change, { alert }) {
    if (change.state === null || !(isCreate(change) || isModification(change))) return [];
    const before = annotationsOf(stateBefore(change));
    const after = annotationsOf(change.state);
    const disabled = SSL_REDIRECT_KEYS.filter((key) => isFalse(after[key]) && !isFalse(before[key]));
    if (disabled.length === 0) return [];
    return [
      alert({
        summary: `HTTPS redirect disabled on ${objectLabel(change.object)} (${disabled.join(', ')} = false)`,
        details: {
          changed: disabled.map((key) => ({
            path: annotationPath(key),
            old: before[key] ?? null,
            new: after[key] ?? null,
          })),
        },
      }),
    ];
  },
});
