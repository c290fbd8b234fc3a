import type { AnyRule } from '../../engine/rule.ts';
import ingressBackendNoNetworkpolicy from '../ingress-backend-no-networkpolicy.ts';
import ingressInDefaultNamespace from '../ingress-in-default-namespace.ts';
import ingressOwnerMissing from '../ingress-owner-missing.ts';
import serviceExternalnameLocalhost from '../service-externalname-localhost.ts';

export const exposureRules: readonly AnyRule[] = [
  ingressBackendNoNetworkpolicy,
  ingressInDefaultNamespace,
  ingressOwnerMissing,
  serviceExternalnameLocalhost,
];
