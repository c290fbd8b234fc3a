import { defineRule } from '../engine/rule.ts';

/** What ingress-nginx's strict path validation accepts for Exact and Prefix paths. */
const STRICT_PATH = /^[A-Za-z0-9._~/-]*$/;
const STRICT_PATH_TYPES: ReadonlySet<string> = new Set(['Exact', 'Prefix']);

export default defineRule({
  id: 'ingress-path-invalid',
  severity: 'error',
  category: 'routing',
  preset: 'recommended',
  docs: {
    summary:
      'A path does not start with `/`, or an Exact/Prefix path has characters outside `[A-Za-z0-9._~/-]`, which ingress-nginx strict path validation rejects.',
    remediation:
      'Start every path with `/` and keep Exact/Prefix paths to plain characters; put regular expressions in ImplementationSpecific paths.',
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/ingress/#path-types',
      'https://kubernetes.github.io/ingress-nginx/faq/#validation-of-path',
      'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/configmap/#strict-validate-path-type',
    ],
  },
  messages: {
    notAbsolute: 'Path "{{path}}" does not start with "/".',
    missing: 'A {{pathType}} path needs a value starting with "/".',
    invalidCharacters: '{{pathType}} path "{{path}}" contains "{{characters}}", outside [A-Za-z0-9._~/-].',
  },
  create({ report }) {
    return {
      Ingress(ingress) {
        for (const entry of ingress.paths) {
          const { path, pathType } = entry;
          const strict = pathType !== undefined && STRICT_PATH_TYPES.has(pathType);
          if (path === undefined || path === '') {
            // An ImplementationSpecific path may be left out: it means "/".
            if (strict) report({ path: entry.fieldPath, messageId: 'missing', data: { pathType } });
            continue;
          }
          const fieldPath = `${entry.fieldPath}.path`;
          if (!path.startsWith('/')) {
            report({ path: fieldPath, messageId: 'notAbsolute', data: { path } });
          } else if (strict && !STRICT_PATH.test(path)) {
            report({
              path: fieldPath,
              messageId: 'invalidCharacters',
              data: { path, pathType, characters: offendingCharacters(path) },
            });
          }
        }
      },
    };
  },
});

function offendingCharacters(path: string): string {
  // Array.from splits by code point; paths are compared character by character, so that is enough.
  return [...new Set(Array.from(path).filter((ch) => !STRICT_PATH.test(ch)))].join('');
}
