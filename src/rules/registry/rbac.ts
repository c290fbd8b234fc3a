import type { AnyRule } from '../../engine/rule.ts';
import rbacIngressStatusWrite from '../rbac-ingress-status-write.ts';
import rbacIngressWriteBroad from '../rbac-ingress-write-broad.ts';
import rbacIngressclassWrite from '../rbac-ingressclass-write.ts';
import rbacTlsSecretReadBroad from '../rbac-tls-secret-read-broad.ts';

export const rbacRules: readonly AnyRule[] = [
  rbacIngressWriteBroad,
  rbacIngressStatusWrite,
  rbacTlsSecretReadBroad,
  rbacIngressclassWrite,
];
