import { defineRule } from '../engine/rule.ts';
import { annotationPath } from '../model/field-path.ts';
import { configMapKeyPath, nginxConfigVisitors } from '../model/nginx-config.ts';

const WEAK_PROTOCOLS = new Set(['SSLv2', 'SSLv3', 'TLSv1', 'TLSv1.1']);
/** OpenSSL cipher-string words naming broken suites: no encryption, export grade, RC4, (3)DES, MD5 MACs. */
const WEAK_CIPHER = /NULL|EXPORT|^EXP(?:-|$)|RC4|DES|MD5/;
const CIPHERS_ANNOTATION = 'nginx.ingress.kubernetes.io/ssl-ciphers';

/** `ssl-protocols` is a space-separated list of NGINX protocol names. */
export function weakProtocols(value: string): string[] {
  return value.split(/\s+/).filter((protocol) => WEAK_PROTOCOLS.has(protocol));
}

/**
 * The words of an OpenSSL cipher string that add weak suites. `!X` and `-X` remove suites and `+X`
 * only reorders them, so those never count: `HIGH:!aNULL:!MD5` is fine.
 */
export function weakCiphers(value: string): string[] {
  return value
    .split(/[:,\s]+/)
    .filter((word) => word !== '' && !/^[!+-]/.test(word))
    .filter((word) => WEAK_CIPHER.test(word.toUpperCase()));
}

export default defineRule({
  id: 'controller-tls-protocols-weak',
  severity: 'error',
  category: 'controller',
  preset: 'recommended',
  docs: {
    summary:
      'The ingress-nginx ConfigMap enables SSLv3, TLSv1 or TLSv1.1 in ssl-protocols, or ssl-ciphers (in the ConfigMap or the per-Ingress annotation) enables NULL, EXPORT, RC4, DES/3DES or MD5 suites.',
    remediation:
      'Keep ssl-protocols at "TLSv1.2 TLSv1.3" (the default) and use the default ssl-ciphers or an intermediate Mozilla profile; remove the per-Ingress ssl-ciphers annotation.',
    references: [
      'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/configmap/#ssl-protocols',
      'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/configmap/#ssl-ciphers',
      'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#ssl-ciphers',
      'https://www.rfc-editor.org/rfc/rfc8996',
      'https://ssl-config.mozilla.org/',
    ],
  },
  messages: {
    weakProtocols: 'ssl-protocols enables {{protocols}}, deprecated and attackable (RFC 8996).',
    weakCiphers: 'ssl-ciphers enables weak cipher suites: {{ciphers}}.',
  },
  create({ model, report }) {
    return {
      ...nginxConfigVisitors(model, ({ configMap, data }) => {
        if (!configMap) return;
        const protocols = weakProtocols(data['ssl-protocols'] ?? '');
        if (protocols.length > 0) {
          report({
            object: configMap,
            path: configMapKeyPath('ssl-protocols'),
            messageId: 'weakProtocols',
            data: { protocols: protocols.join(', ') },
          });
        }
        const ciphers = weakCiphers(data['ssl-ciphers'] ?? '');
        if (ciphers.length > 0) {
          report({
            object: configMap,
            path: configMapKeyPath('ssl-ciphers'),
            messageId: 'weakCiphers',
            data: { ciphers: ciphers.join(', ') },
          });
        }
      }),
      Ingress(ingress) {
        const value = ingress.annotations[CIPHERS_ANNOTATION];
        if (value === undefined || model.classOf(ingress).controller !== 'nginx') return;
        const ciphers = weakCiphers(value);
        if (ciphers.length > 0) {
          report({
            path: annotationPath(CIPHERS_ANNOTATION),
            messageId: 'weakCiphers',
            data: { ciphers: ciphers.join(', ') },
          });
        }
      },
    };
  },
});
