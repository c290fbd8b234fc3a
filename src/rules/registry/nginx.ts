import type { AnyRule } from '../../engine/rule.ts';
import nginxSnippetAnnotation from '../nginx-snippet-annotation.ts';
import nginxSnippetDangerous from '../nginx-snippet-dangerous.ts';
import nginxAnnotationInjection from '../nginx-annotation-injection.ts';
import nginxAnnotationRisk from '../nginx-annotation-risk.ts';
import nginxAnnotationUnknown from '../nginx-annotation-unknown.ts';
import nginxAnnotationInvalidValue from '../nginx-annotation-invalid-value.ts';
import nginxAnnotationRemoved from '../nginx-annotation-removed.ts';
import nginxAnnotationForeign from '../nginx-annotation-foreign.ts';
import nginxSslRedirectDisabled from '../nginx-ssl-redirect-disabled.ts';
import nginxAllowlistOpen from '../nginx-allowlist-open.ts';
import nginxCorsWildcardCredentials from '../nginx-cors-wildcard-credentials.ts';
import nginxAuthBasic from '../nginx-auth-basic.ts';
import nginxAuthTlsWeak from '../nginx-auth-tls-weak.ts';
import nginxCrossNamespaceSecret from '../nginx-cross-namespace-secret.ts';
import nginxBackendTlsUnverified from '../nginx-backend-tls-unverified.ts';
import nginxServerAlias from '../nginx-server-alias.ts';
import nginxRateLimitMissing from '../nginx-rate-limit-missing.ts';
import nginxWafDisabled from '../nginx-waf-disabled.ts';
import nginxBodySizeUnlimited from '../nginx-body-size-unlimited.ts';

export const nginxRules: readonly AnyRule[] = [
  nginxSnippetAnnotation,
  nginxSnippetDangerous,
  nginxAnnotationInjection,
  nginxAnnotationRisk,
  nginxAnnotationUnknown,
  nginxAnnotationInvalidValue,
  nginxAnnotationRemoved,
  nginxAnnotationForeign,
  nginxSslRedirectDisabled,
  nginxAllowlistOpen,
  nginxCorsWildcardCredentials,
  nginxAuthBasic,
  nginxAuthTlsWeak,
  nginxCrossNamespaceSecret,
  nginxBackendTlsUnverified,
  nginxServerAlias,
  nginxRateLimitMissing,
  nginxWafDisabled,
  nginxBodySizeUnlimited,
];
