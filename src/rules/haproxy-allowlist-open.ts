import { defineRule } from '../engine/rule.ts';
import { annotationPath } from '../model/field-path.ts';
import { HAPROXY_ALLOWLIST_KEYS } from '../knowledge/haproxy-annotations.ts';

/** Entries of an allowlist value that admit every address (`0.0.0.0/0`, `::/0`). */
export function openEntries(value: string): string[] {
  return value
    .split(/[,\s]+/)
    .map((entry) => entry.trim())
    .filter((entry) => /^(?:0\.0\.0\.0|::)\/0$/.test(entry));
}

export default defineRule({
  id: 'haproxy-allowlist-open',
  severity: 'error',
  category: 'haproxy',
  preset: 'recommended',
  docs: {
    summary:
      'An HAProxy allowlist annotation (haproxy.org/allow-list, haproxy-ingress.github.io/allowlist-source-range…) contains 0.0.0.0/0 or ::/0: it restricts nothing.',
    remediation:
      'List only the client networks that should reach the Ingress, or remove the annotation if the Ingress is meant to be public.',
    references: [
      'https://www.haproxy.com/documentation/kubernetes-ingress/community/configuration-reference/ingress/#allow-list',
      'https://haproxy-ingress.github.io/docs/configuration/keys/#allowlist',
    ],
  },
  messages: {
    open: '"{{key}}" contains {{entries}}: every address is allowed.',
  },
  create({ model, report }) {
    return {
      Ingress(ingress) {
        if (model.classOf(ingress).controller !== 'haproxy') return;
        for (const key of HAPROXY_ALLOWLIST_KEYS) {
          const value = ingress.annotations[key];
          if (value === undefined) continue;
          const entries = openEntries(value);
          if (entries.length > 0)
            report({
              path: annotationPath(key),
              messageId: 'open',
              data: { key, entries: entries.join(', ') },
            });
        }
      },
    };
  },
});
