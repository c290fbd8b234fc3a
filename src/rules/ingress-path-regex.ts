import { defineRule } from '../engine/rule.ts';
import { annotationPath } from '../model/field-path.ts';
import { DEFAULT_PATH_TYPE, hasRegexMetacharacters } from '../model/paths.ts';

const USE_REGEX = 'nginx.ingress.kubernetes.io/use-regex';
const REWRITE_TARGET = 'nginx.ingress.kubernetes.io/rewrite-target';
/** `$1`, `${2}`: a rewrite target that uses capture groups makes ingress-nginx treat paths as regex. */
const CAPTURE_REFERENCE = /\$\{?\d/;

export default defineRule({
  id: 'ingress-path-regex',
  severity: 'warning',
  category: 'routing',
  preset: 'recommended',
  docs: {
    summary:
      'Paths are regular expressions (`use-regex`, a `rewrite-target` with capture groups, or regex characters in ImplementationSpecific paths): they match more requests than they appear to, and ingress-nginx applies regex matching to every path of the host.',
    remediation:
      'Prefer Exact or Prefix paths; where a regex is needed, anchor it and keep it to the one Ingress and host that needs it.',
    references: [
      'https://kubernetes.github.io/ingress-nginx/user-guide/ingress-path-matching/',
      'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#use-regex',
      'https://kubernetes.github.io/ingress-nginx/examples/rewrite/',
    ],
  },
  messages: {
    useRegex:
      'use-regex is enabled: every path of host(s) {{hosts}} is matched as a case-insensitive regular expression.',
    rewriteCaptures:
      'rewrite-target "{{target}}" uses capture groups, which turns on regex matching for the paths of host(s) {{hosts}}.',
    regexPath:
      'ImplementationSpecific path "{{path}}" contains regular-expression characters "{{characters}}".',
  },
  create({ model, report }) {
    return {
      Ingress(ingress) {
        const controller = model.classOf(ingress).controller;
        // use-regex and rewrite-target are ingress-nginx annotations; other controllers ignore them.
        if (controller === undefined || controller === 'nginx') {
          const hosts = [...new Set(ingress.rules.map((rule) => rule.host ?? '*'))].join(', ') || '*';
          if (ingress.annotations[USE_REGEX]?.trim().toLowerCase() === 'true') {
            report({ path: annotationPath(USE_REGEX), messageId: 'useRegex', data: { hosts } });
          }
          const target = ingress.annotations[REWRITE_TARGET];
          if (target !== undefined && CAPTURE_REFERENCE.test(target)) {
            report({
              path: annotationPath(REWRITE_TARGET),
              messageId: 'rewriteCaptures',
              data: { target, hosts },
            });
          }
        }
        for (const entry of ingress.paths) {
          if (
            (entry.pathType ?? DEFAULT_PATH_TYPE) !== 'ImplementationSpecific' ||
            entry.path === undefined ||
            !hasRegexMetacharacters(entry.path)
          )
            continue;
          report({
            path: `${entry.fieldPath}.path`,
            messageId: 'regexPath',
            data: { path: entry.path, characters: regexCharacters(entry.path) },
          });
        }
      },
    };
  },
});

function regexCharacters(path: string): string {
  return [...new Set(Array.from(path).filter((ch) => hasRegexMetacharacters(ch)))].join('');
}
