import { defineRule } from '../engine/rule.ts';
import type { IngressView } from '../model/ingress.ts';
import {
  displayHost,
  normalisedRoutes,
  pathValueFieldPath,
  routeKey,
  type NormalisedRoute,
} from '../model/paths.ts';
import { refOf } from '../model/resource.ts';

const CANARY = 'nginx.ingress.kubernetes.io/canary';

interface Claim {
  readonly ingress: IngressView;
  readonly route: NormalisedRoute;
  /** Milliseconds since the epoch; undefined when the object has no (valid) creationTimestamp. */
  readonly created: number | undefined;
  /** Position in the input: the apply order of objects not yet created. */
  readonly order: number;
}

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
  create({ model, report }) {
    const claims = new Map<string, Claim[]>();
    let order = 0;
    return {
      Ingress(ingress) {
        const position = order++;
        // Canary Ingresses share a host + path with the main Ingress on purpose: that is traffic splitting.
        if (ingress.annotations[CANARY]?.trim().toLowerCase() === 'true') return;
        const className = model.classOf(ingress).className ?? '';
        const created = parseTimestamp(ingress.creationTimestamp);
        const ownKeys = new Set<string>();
        for (const route of normalisedRoutes(ingress)) {
          const key = `${className}\u0000${routeKey(route)}`;
          // A path repeated inside one Ingress is ingress-duplicate-path's finding, not a conflict.
          if (ownKeys.has(key)) continue;
          ownKeys.add(key);
          const claim: Claim = { ingress, route, created, order: position };
          const list = claims.get(key);
          if (list) list.push(claim);
          else claims.set(key, [claim]);
        }
      },
      end() {
        for (const group of claims.values()) {
          if (group.length < 2) continue;
          const [winner, ...losers] = [...group].sort(precedence);
          if (!winner) continue;
          const winnerName = `${winner.ingress.resource.namespace}/${winner.ingress.resource.name}`;
          const className = model.classOf(winner.ingress).className ?? 'none';
          for (const loser of losers) {
            const { route } = loser;
            report({
              object: loser.ingress.resource,
              path: pathValueFieldPath(route.source),
              messageId: winReason(winner, loser),
              data: {
                host: displayHost(route.host),
                path: route.path,
                pathType: route.pathType,
                winner: winnerName,
                className,
                claimants: group.length,
              },
              related: [refOf(winner.ingress.resource)],
            });
          }
        }
      },
    };
  },
});

function parseTimestamp(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
}

/**
 * ingress-nginx sorts Ingresses by creationTimestamp, then namespace/name, and the first to claim a
 * location keeps it. An object without a creationTimestamp is not created yet: every existing one is
 * older, and among several new ones the input (apply) order decides.
 */
function precedence(a: Claim, b: Claim): number {
  if (a.created !== undefined && b.created !== undefined) {
    return a.created - b.created || compareNames(a.ingress, b.ingress);
  }
  if (a.created !== undefined) return -1;
  if (b.created !== undefined) return 1;
  return a.order - b.order;
}

/** Byte order, as the controller (Go) compares strings; locale order would differ between machines. */
function compareNames(a: IngressView, b: IngressView): number {
  return (
    compareStrings(a.resource.namespace, b.resource.namespace) ||
    compareStrings(a.resource.name, b.resource.name)
  );
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function winReason(winner: Claim, loser: Claim): WinReason {
  if (winner.created === undefined) return 'inputOrderWins';
  return winner.created === loser.created ? 'sameAgeNameWins' : 'olderWins';
}
