import { defineRule } from '../engine/rule.ts';
import type { IngressView } from '../model/ingress.ts';
import { normaliseHost } from '../model/paths.ts';
import { refOf, type ObjectRef } from '../model/resource.ts';

interface HostUse {
  readonly ingress: IngressView;
  /** Field path of the first rule of the Ingress with this host. */
  readonly path: string;
}

/** A host served from many namespaces would otherwise name every one of them in each finding. */
const MAX_RELATED = 5;

export default defineRule({
  id: 'ingress-host-cross-namespace',
  severity: 'warning',
  category: 'routing',
  preset: 'recommended',
  docs: {
    summary:
      "The same host is served by Ingresses in different namespaces, so one team can route (or take over paths of) another team's host.",
    remediation:
      'Serve each host from one namespace, and restrict which namespaces may claim which hosts with an admission policy.',
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/ingress/#name-based-virtual-hosting',
      'https://kyverno.io/policies/other/unique-ingress-paths/unique-ingress-paths/',
    ],
  },
  messages: {
    sharedHost:
      'Host "{{host}}" is also served by Ingress {{other}} in namespace "{{otherNamespace}}" ({{namespaces}} namespaces serve this host).',
  },
  create({ report }) {
    /** host → namespace → uses, in input order. */
    const hosts = new Map<string, Map<string, HostUse[]>>();
    return {
      Ingress(ingress) {
        const seen = new Set<string>();
        for (const rule of ingress.rules) {
          const host = normaliseHost(rule.host);
          if (host === '' || seen.has(host)) continue;
          seen.add(host);
          let namespaces = hosts.get(host);
          if (!namespaces) hosts.set(host, (namespaces = new Map<string, HostUse[]>()));
          const { namespace } = ingress.resource;
          const use: HostUse = { ingress, path: `${rule.fieldPath}.host` };
          const uses = namespaces.get(namespace);
          if (uses) uses.push(use);
          else namespaces.set(namespace, [use]);
        }
      },
      end() {
        for (const [host, namespaces] of hosts) {
          if (namespaces.size < 2) continue;
          const ordered = [...namespaces.keys()].sort();
          // One representative per namespace (its first Ingress by name) keeps each finding small.
          const representatives = new Map(
            ordered.map((namespace) => [namespace, firstByName(namespaces.get(namespace) ?? [])]),
          );
          for (const [namespace, uses] of namespaces) {
            const others = ordered.filter((other) => other !== namespace);
            const related: ObjectRef[] = others.slice(0, MAX_RELATED).flatMap((other) => {
              const representative = representatives.get(other);
              return representative ? [refOf(representative.ingress.resource)] : [];
            });
            const first = related[0];
            if (!first) continue;
            for (const use of uses) {
              report({
                object: use.ingress.resource,
                path: use.path,
                messageId: 'sharedHost',
                data: {
                  host,
                  other: `${first.namespace}/${first.name}`,
                  otherNamespace: first.namespace,
                  namespaces: namespaces.size,
                },
                related,
              });
            }
          }
        }
      },
    };
  },
});

function firstByName(uses: readonly HostUse[]): HostUse | undefined {
  let first: HostUse | undefined;
  for (const use of uses) if (!first || use.ingress.resource.name < first.ingress.resource.name) first = use;
  return first;
}
