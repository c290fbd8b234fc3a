import { defineRule } from '../engine/rule.ts';
import {
  NGINX_INC_SNIPPETS_DOC,
  ingressNginxAnnotationsOf,
  nginxIncAnnotationsServed,
} from './support/nginx-inc.ts';

/** At the start of an NGINX statement: the value's start, or after `;`, `{`, `}` or a line break. */
const STATEMENT_START = String.raw`(?:^|[;{}\r\n])\s*`;

/** What CVE-2021-25742 and CVE-2021-25746 payloads use to read files and tokens or run code. */
const DANGEROUS: readonly { readonly regex: RegExp; readonly what: string }[] = [
  { regex: /\w*_by_lua\w*/, what: 'Lua code' },
  { regex: /\blua_\w+/, what: 'a Lua directive' },
  // With an argument, or none before the `;` (`alias;`): ingress-nginx's own inspector rejects both.
  {
    regex: new RegExp(`${STATEMENT_START}(alias|root)(?:\\s*;|\\s+[^;\\s]+)`),
    what: 'a file-serving directive',
  },
  { regex: /\/etc\/(?:passwd|shadow|group|nginx|ingress-controller)\b/, what: 'a sensitive file path' },
  { regex: /\/var\/run\/secrets\b/, what: 'the service-account token path' },
  { regex: /\bload_module\b/, what: 'a load_module directive' },
  { regex: new RegExp(`${STATEMENT_START}(include)\\s+[^;\\s]+`), what: 'an include directive' },
];

function findDanger(value: string): { found: string; what: string } | undefined {
  for (const { regex, what } of DANGEROUS) {
    const match = regex.exec(value);
    if (match) return { found: (match[1] ?? match[0]).trim(), what };
  }
  return undefined;
}

export default defineRule({
  id: 'nginx-snippet-dangerous',
  severity: 'error',
  category: 'nginx',
  preset: 'recommended',
  docs: {
    summary:
      'A snippet or any other ingress-nginx annotation value (or an nginx.org/ or nginx.com/ value where F5 NGINX Ingress Controller serves the Ingress or no controller can be told) contains Lua (_by_lua, lua_*), alias/root or include directives, load_module, or paths such as /etc/passwd and /var/run/secrets: what CVE-2021-25742 and CVE-2021-25746 exploits use to read the controller token and Secrets.',
    remediation:
      'Remove the value and the snippet; serve files from a backend, and keep snippets disabled on the controller.',
    references: [
      'https://github.com/kubernetes/ingress-nginx/issues/7837',
      'https://github.com/kubernetes/ingress-nginx/issues/8503',
      'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/configmap/#annotation-value-word-blocklist',
      NGINX_INC_SNIPPETS_DOC,
      'https://kyverno.io/policies/nginx-ingress/restrict-annotations/restrict-annotations/',
    ],
  },
  messages: {
    dangerous:
      'Annotation "{{annotation}}" contains "{{found}}" ({{what}}), which can expose the controller credentials and cluster Secrets.',
    dangerousNginxInc:
      'F5 NGINX Ingress Controller annotation "{{annotation}}" ({{servedBy}}) contains "{{found}}" ({{what}}), which in NGINX configuration can expose the controller credentials and cluster Secrets.',
  },
  create({ model, report }) {
    return {
      Ingress(ingress) {
        for (const use of ingressNginxAnnotationsOf(model, ingress)) {
          const danger = findDanger(use.value);
          if (danger)
            report({
              path: use.path,
              messageId: 'dangerous',
              data: { annotation: use.key, found: danger.found, what: danger.what },
            });
        }
        const nginxInc = nginxIncAnnotationsServed(model, ingress);
        if (nginxInc)
          for (const use of nginxInc.uses) {
            const danger = findDanger(use.value);
            if (danger)
              report({
                path: use.path,
                messageId: 'dangerousNginxInc',
                data: {
                  annotation: use.key,
                  found: danger.found,
                  what: danger.what,
                  servedBy: nginxInc.servedBy,
                },
              });
          }
      },
    };
  },
});
