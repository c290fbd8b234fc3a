import type { AnyRule } from '../../engine/rule.ts';
import gatewayListenerOpenHostname from '../gateway-listener-open-hostname.ts';
import gatewayListenerTlsMissing from '../gateway-listener-tls-missing.ts';
import gatewayCertificateMissing from '../gateway-certificate-missing.ts';
import gatewayClassMissing from '../gateway-class-missing.ts';
import routeParentMissing from '../route-parent-missing.ts';
import routeBackendMissing from '../route-backend-missing.ts';
import routeBackendCrossNamespaceUngranted from '../route-backend-cross-namespace-ungranted.ts';
import routeHostnameUnmatched from '../route-hostname-unmatched.ts';
import routeHostnameWildcard from '../route-hostname-wildcard.ts';
import referencegrantBroad from '../referencegrant-broad.ts';
import gatewayApiVersionDeprecated from '../gateway-api-version-deprecated.ts';

export const gatewayApiRules: readonly AnyRule[] = [
  gatewayListenerOpenHostname,
  gatewayListenerTlsMissing,
  gatewayCertificateMissing,
  gatewayClassMissing,
  routeParentMissing,
  routeBackendMissing,
  routeBackendCrossNamespaceUngranted,
  routeHostnameUnmatched,
  routeHostnameWildcard,
  referencegrantBroad,
  gatewayApiVersionDeprecated,
];
