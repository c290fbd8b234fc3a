import { defineRule } from '../engine/rule.ts';
import { displayHost, normalisePath } from '../model/paths.ts';
import { refOf } from '../model/resource.ts';
import { routeTableOf } from '../routing/table.ts';
import type { RouteEntry } from '../routing/types.ts';

type WinReason = 'olderWins' | 'sameAgeNameWins' | 'inputOrderWins';

export default defineRule({
  id: 'ingress-host-path-conflict',
  severity: 'error',
  category: 'routing',
  preset: 'recommended',
  docs: {
    summary:
      'The same host + path + pathType is claimed by more than one Ingress of the same class (canary Ingresses excepted): the controller serves only one of them, for ingress-nginx the oldest.',
    remediation:
      'Give each host + path one owning Ingress: remove or rename the duplicate path, or mark the second Ingress as a canary if traffic splitting is intended.',
    references: [
      'https://kubernetes.github.io/ingress-nginx/user-guide/basic-usage/',
      'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#canary',
      'https://kyverno.io/policies/other/unique-ingress-host-and-path/unique-ingress-host-and-path/',
    ],
  },
  messages: {
    olderWins:
      '{{pathType}} path "{{path}}" of host "{{host}}" is also claimed by Ingress {{winner}} (class "{{className}}"), which is older and wins: this path is not served from here.',
    sameAgeNameWins:
      '{{pathType}} path "{{path}}" of host "{{host}}" is also claimed by Ingress {{winner}} (class "{{className}}"), created at the same time; {{winner}} wins by namespace/name order.',
    inputOrderWins:
      '{{pathType}} path "{{path}}" of host "{{host}}" is also claimed by Ingress {{winner}} (class "{{className}}"); neither has a creationTimestamp, so the one created first wins: {{winner}}, first in the input.',
  } satisfies Record<WinReason, string>,
  // The route table decides the collisions (table.ts markCollisions), so `gatewatch routes` and this
  // rule can never disagree: each Ingress entry shadowed by a collision is one finding.
  create({ model, report }) {
    return {
      end() {
        const table = routeTableOf(model);
        for (const loser of table.entries) {
          if (loser.shadowed?.reason !== 'collision' || loser.source.kind !== 'Ingress') continue;
          const winner = table.entries[loser.shadowed.by];
          const object = model.get('Ingress', loser.source.namespace, loser.source.name);
          if (!winner || !object) continue;
          const winnerObject = model.get('Ingress', winner.source.namespace, winner.source.name);
          const className = winner.frontend.type === 'ingress' ? winner.frontend.className : undefined;
          report({
            object,
            path: loser.pathFieldPath,
            messageId: winReason(winner, loser),
            data: {
              host: displayHost(loser.host.type === 'any' ? '' : loser.host.value),
              path: normalisePath(loser.path.written, loser.path.type).path,
              pathType: loser.path.type,
              winner: `${winner.source.namespace}/${winner.source.name}`,
              className: className ?? 'none',
              claimants: loser.shadowed.claimants ?? 2,
            },
            related: winnerObject ? [refOf(winnerObject)] : [],
          });
        }
      },
    };
  },
});

function winReason(winner: RouteEntry, loser: RouteEntry): WinReason {
  if (winner.created === undefined) return 'inputOrderWins';
  return winner.created === loser.created ? 'sameAgeNameWins' : 'olderWins';
}
