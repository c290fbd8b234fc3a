import type { AnyRule } from '../../engine/rule.ts';
import traefikTlsDisabled from '../traefik-tls-disabled.ts';
import traefikAnnotationUnknown from '../traefik-annotation-unknown.ts';
import traefikMiddlewareCrossNamespace from '../traefik-middleware-cross-namespace.ts';
import haproxySnippetAnnotation from '../haproxy-snippet-annotation.ts';
import haproxyAllowlistOpen from '../haproxy-allowlist-open.ts';
import haproxySslRedirectDisabled from '../haproxy-ssl-redirect-disabled.ts';

export const otherControllersRules: readonly AnyRule[] = [
  traefikTlsDisabled,
  traefikAnnotationUnknown,
  traefikMiddlewareCrossNamespace,
  haproxySnippetAnnotation,
  haproxyAllowlistOpen,
  haproxySslRedirectDisabled,
];
