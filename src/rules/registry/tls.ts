import type { AnyRule } from '../../engine/rule.ts';
import ingressTlsMissing from '../ingress-tls-missing.ts';
import ingressTlsHostUncovered from '../ingress-tls-host-uncovered.ts';
import ingressTlsSecretMissing from '../ingress-tls-secret-missing.ts';
import ingressTlsCertInvalid from '../ingress-tls-cert-invalid.ts';
import ingressTlsCertExpired from '../ingress-tls-cert-expired.ts';
import ingressTlsCertExpiring from '../ingress-tls-cert-expiring.ts';
import ingressTlsCertNotYetValid from '../ingress-tls-cert-not-yet-valid.ts';
import ingressTlsCertHostMismatch from '../ingress-tls-cert-host-mismatch.ts';
import ingressTlsCertWeak from '../ingress-tls-cert-weak.ts';
import ingressTlsCertSelfSigned from '../ingress-tls-cert-self-signed.ts';
import ingressTlsKeyMismatch from '../ingress-tls-key-mismatch.ts';
import ingressTlsChainIncomplete from '../ingress-tls-chain-incomplete.ts';

export const tlsRules: readonly AnyRule[] = [
  ingressTlsMissing,
  ingressTlsHostUncovered,
  ingressTlsSecretMissing,
  ingressTlsCertInvalid,
  ingressTlsCertExpired,
  ingressTlsCertExpiring,
  ingressTlsCertNotYetValid,
  ingressTlsCertHostMismatch,
  ingressTlsCertWeak,
  ingressTlsCertSelfSigned,
  ingressTlsKeyMismatch,
  ingressTlsChainIncomplete,
];
