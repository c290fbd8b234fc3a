import { defineDetection } from './detection.ts';
import {
  annotationChanges,
  detailValue,
  isCreate,
  isModification,
  objectLabel,
  stateBefore,
} from './support/objects.ts';
import { isSnippetKey } from './support/annotations.ts';

export default defineDetection({
  id: 'ingress-snippet-added',
  severity: 'error',
  subject: 'ingresses',
  docs: {
    summary:
      'A snippet annotation (raw proxy configuration: ingress-nginx `*-snippet`, NGINX Inc `*-snippets`, HAProxy `*-config-snippet`) appeared or changed on an Ingress.',
    investigate:
      "Snippets run as controller configuration with the controller's privileges (CVE-2021-25742, CVE-2025-1974): read the new value before anything else, and block snippets in the controller if nobody needs them.",
    references: [
      'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#configuration-snippet',
      'https://github.com/kubernetes/ingress-nginx/issues/7837',
      'https://nvd.nist.gov/vuln/detail/CVE-2021-25742',
      'https://kubernetes.io/blog/2025/03/24/ingress-nginx-cve-2025-1974/',
    ],
  },
  detect(change, { alert }) {
    if (change.state === null || !(isCreate(change) || isModification(change))) return [];
    const snippets = annotationChanges(stateBefore(change), change.state).filter(
      (c) => isSnippetKey(c.key) && c.new !== undefined && c.new.trim() !== '',
    );
    if (snippets.length === 0) return [];
    const verb = snippets.every((c) => c.old === undefined) ? 'added to' : 'changed on';
    return [
      alert({
        summary: `Snippet ${snippets.map((c) => c.key).join(', ')} ${verb} ${objectLabel(change.object)}`,
        details: {
          changed: snippets.map((c) => ({ path: c.path, old: detailValue(c.old), new: detailValue(c.new) })),
        },
      }),
    ];
  },
});
