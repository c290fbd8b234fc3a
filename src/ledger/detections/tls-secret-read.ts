import { defineDetection } from './detection.ts';
import { succeeded } from './support/objects.ts';
import { matchesAny } from './settings.ts';

const READ_VERBS: ReadonlySet<string> = new Set(['get', 'list', 'watch']);

export default defineDetection({
  id: 'tls-secret-read',
  severity: 'warning',
  subject: 'secrets',
  docs: {
    summary:
      'A Secret that holds the TLS key of an Ingress or a Gateway listener was read (get, or list/watch of its namespace) by an identity other than accountability.controllerIdentities.',
    investigate:
      'Whoever holds the private key can impersonate the site; if the reader is not a controller or a backup tool, rotate the certificate and find out why they read it.',
    references: [
      'https://kubernetes.io/docs/concepts/security/secrets-good-practices/#least-privilege-secrets',
      'https://kubernetes.io/docs/concepts/configuration/secret/#tls-secrets',
    ],
  },
  detect(change, { alert, settings, tlsSecretsRead }) {
    if (!READ_VERBS.has(change.verb) || !succeeded(change) || tlsSecretsRead.length === 0) return [];
    if (matchesAny(change.actor.username, settings.controllerIdentities)) return [];
    const names = tlsSecretsRead.map((use) => `${use.namespace}/${use.secret}`);
    const users = [...new Set(tlsSecretsRead.flatMap((use) => use.users))];
    const how = change.object.name === '' ? `${change.verb} of Secrets returned` : `${change.verb} of`;
    return [
      alert({
        summary: `TLS Secret${names.length > 1 ? 's' : ''} read: ${how} ${names.join(', ')} (used by ${users.join(', ')})`,
        details: { secrets: names, usedBy: users },
      }),
    ];
  },
});
