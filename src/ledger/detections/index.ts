/**
 * The detection registry: every detection of spec/accountability.md, listed explicitly in the spec's
 * order (the parity test checks the ids against the spec's table).
 */
import type { DetectionDefinition } from './detection.ts';
import ingressCreated from './ingress-created.ts';
import ingressDeleted from './ingress-deleted.ts';
import ingressCreatedWithoutTls from './ingress-created-without-tls.ts';
import ingressTlsRemoved from './ingress-tls-removed.ts';
import ingressHostAdded from './ingress-host-added.ts';
import ingressWildcardHostAdded from './ingress-wildcard-host-added.ts';
import ingressBackendChanged from './ingress-backend-changed.ts';
import ingressDefaultBackendAdded from './ingress-default-backend-added.ts';
import ingressSnippetAdded from './ingress-snippet-added.ts';
import ingressRiskyAnnotationAdded from './ingress-risky-annotation-added.ts';
import ingressAllowlistWidened from './ingress-allowlist-widened.ts';
import ingressAuthRemoved from './ingress-auth-removed.ts';
import ingressSslRedirectDisabled from './ingress-ssl-redirect-disabled.ts';
import ingressClassChanged from './ingress-class-changed.ts';
import ingressInSystemNamespace from './ingress-in-system-namespace.ts';
import ingressStatusWritten from './ingress-status-written.ts';
import changeUnexpectedActor from './change-unexpected-actor.ts';
import changeImpersonated from './change-impersonated.ts';
import changeNewSource from './change-new-source.ts';
import changeManualOnGitops from './change-manual-on-gitops.ts';
import changeDeniedBurst from './change-denied-burst.ts';
import tlsSecretRead from './tls-secret-read.ts';
import rbacIngressWriteGranted from './rbac-ingress-write-granted.ts';
import controllerConfigChanged from './controller-config-changed.ts';
import routeCreated from './route-created.ts';
import routeHostnameAdded from './route-hostname-added.ts';
import gatewayListenerWidened from './gateway-listener-widened.ts';
import referencegrantCreated from './referencegrant-created.ts';

export const DETECTIONS: readonly DetectionDefinition[] = [
  ingressCreated,
  ingressDeleted,
  ingressCreatedWithoutTls,
  ingressTlsRemoved,
  ingressHostAdded,
  ingressWildcardHostAdded,
  ingressBackendChanged,
  ingressDefaultBackendAdded,
  ingressSnippetAdded,
  ingressRiskyAnnotationAdded,
  ingressAllowlistWidened,
  ingressAuthRemoved,
  ingressSslRedirectDisabled,
  ingressClassChanged,
  ingressInSystemNamespace,
  ingressStatusWritten,
  changeUnexpectedActor,
  changeImpersonated,
  changeNewSource,
  changeManualOnGitops,
  changeDeniedBurst,
  tlsSecretRead,
  rbacIngressWriteGranted,
  controllerConfigChanged,
  routeCreated,
  routeHostnameAdded,
  gatewayListenerWidened,
  referencegrantCreated,
];

export function findDetection(id: string): DetectionDefinition | undefined {
  return DETECTIONS.find((detection) => detection.id === id);
}
