import type { AnyRule } from '../../engine/rule.ts';
import controllerIngressNginxRetired from '../controller-ingress-nginx-retired.ts';
import controllerIngressNginxVulnerable from '../controller-ingress-nginx-vulnerable.ts';
import controllerSnippetsAllowed from '../controller-snippets-allowed.ts';
import controllerAdmissionWebhookExposed from '../controller-admission-webhook-exposed.ts';
import controllerTlsProtocolsWeak from '../controller-tls-protocols-weak.ts';
import controllerHstsDisabled from '../controller-hsts-disabled.ts';
import controllerForwardedHeadersTrusted from '../controller-forwarded-headers-trusted.ts';
import controllerServerTokens from '../controller-server-tokens.ts';
import controllerCatchAllAllowed from '../controller-catch-all-allowed.ts';

export const controllerRules: readonly AnyRule[] = [
  controllerIngressNginxRetired,
  controllerIngressNginxVulnerable,
  controllerSnippetsAllowed,
  controllerAdmissionWebhookExposed,
  controllerTlsProtocolsWeak,
  controllerHstsDisabled,
  controllerForwardedHeadersTrusted,
  controllerServerTokens,
  controllerCatchAllAllowed,
];
