import type { AnyRule } from '../../engine/rule.ts';
import ingressHostWildcard from '../ingress-host-wildcard.ts';
import ingressHostEmpty from '../ingress-host-empty.ts';
import ingressHostInvalid from '../ingress-host-invalid.ts';
import ingressHostPathConflict from '../ingress-host-path-conflict.ts';
import ingressHostCrossNamespace from '../ingress-host-cross-namespace.ts';
import ingressPathInvalid from '../ingress-path-invalid.ts';
import ingressPathRegex from '../ingress-path-regex.ts';
import ingressPathDangerous from '../ingress-path-dangerous.ts';
import ingressPathSensitiveExposed from '../ingress-path-sensitive-exposed.ts';
import ingressDefaultBackend from '../ingress-default-backend.ts';
import ingressDuplicatePath from '../ingress-duplicate-path.ts';
import ingressSingleHost from '../ingress-single-host.ts';

export const routingRules: readonly AnyRule[] = [
  ingressHostWildcard,
  ingressHostEmpty,
  ingressHostInvalid,
  ingressHostPathConflict,
  ingressHostCrossNamespace,
  ingressPathInvalid,
  ingressPathRegex,
  ingressPathDangerous,
  ingressPathSensitiveExposed,
  ingressDefaultBackend,
  ingressDuplicatePath,
  ingressSingleHost,
];
