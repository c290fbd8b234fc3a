import type { AnyRule } from '../../engine/rule.ts';
import ingressTlsSecretMissing from '../ingress-tls-secret-missing.ts';

export const tlsRules: readonly AnyRule[] = [ingressTlsSecretMissing];
