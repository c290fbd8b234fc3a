/**
 * The certificate rules of section B judge every certificate gatewatch can see being served: the TLS
 * Secrets of Ingresses and those of Gateway listeners (spec/rules.md, gateway-certificate-missing:
 * "the certificate checks of section B apply to it too"). These visitors hand each rule's check the
 * same shape whichever object serves the certificate, so one rule id keeps one severity, preset and
 * set of options for both.
 */
import type { Visitors } from '../../engine/rule.ts';
import { gatewayView } from '../../model/gateway-api.ts';
import {
  listenerSecretUses,
  listenerServedCertificates,
  type ListenerSecretUse,
  type ListenerServedCertificate,
} from '../../model/gateway-tls.ts';
import {
  servedCertificates,
  tlsSecretUses,
  type ServedCertificate,
  type TlsSecretUse,
} from '../../model/ingress-tls.ts';
import type { Model } from '../../model/model.ts';

export type AnySecretUse = TlsSecretUse | ListenerSecretUse;
export type AnyServedCertificate = ServedCertificate | ListenerServedCertificate;

/** Visitors calling `check` for every existing TLS Secret an Ingress or a Gateway listener names. */
export function secretUseVisitors(model: Model, check: (use: AnySecretUse) => void): Visitors {
  return {
    Ingress(ingress) {
      for (const use of tlsSecretUses(model, ingress)) check(use);
    },
    Gateway(gateway) {
      for (const use of listenerSecretUses(model, gatewayView(model, gateway))) check(use);
    },
  };
}

/** Visitors calling `check` for every parseable certificate an Ingress or a Gateway listener serves. */
export function servedCertificateVisitors(
  model: Model,
  check: (served: AnyServedCertificate) => void,
): Visitors {
  return {
    Ingress(ingress) {
      for (const served of servedCertificates(model, ingress)) check(served);
    },
    Gateway(gateway) {
      for (const served of listenerServedCertificates(model, gatewayView(model, gateway))) check(served);
    },
  };
}
