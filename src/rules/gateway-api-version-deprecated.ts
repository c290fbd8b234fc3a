import { defineRule } from '../engine/rule.ts';
import { GATEWAY_API_GROUP, gatewayApiVersion } from '../model/gateway-api.ts';
import type { Resource } from '../model/resource.ts';

/** The Gateway API release in which each kind reached v1 (standard channel). */
const V1_SINCE: Readonly<Record<string, string>> = {
  GatewayClass: 'v1.0.0',
  Gateway: 'v1.0.0',
  HTTPRoute: 'v1.0.0',
  GRPCRoute: 'v1.1.0',
  ReferenceGrant: 'v1.5.0',
  TLSRoute: 'v1.5.0',
};

/** Versions no longer served at all, with the release that removed them. */
const REMOVED: Readonly<Record<string, string>> = {
  'GRPCRoute/v1alpha2': 'v1.2.0',
  'ReferenceGrant/v1alpha2': 'v1.2.0',
};

const OLD_VERSIONS: ReadonlySet<string> = new Set(['v1alpha2', 'v1beta1']);

export default defineRule({
  id: 'gateway-api-version-deprecated',
  severity: 'warning',
  category: 'gateway-api',
  preset: 'recommended',
  docs: {
    summary:
      'A Gateway API object (GatewayClass, Gateway, HTTPRoute, GRPCRoute, ReferenceGrant, TLSRoute) uses v1alpha2 or v1beta1 although its kind has a v1 version; some of these old versions are no longer served at all.',
    remediation:
      'Change apiVersion to gateway.networking.k8s.io/v1 (the fields are the same) and upgrade the Gateway API CRDs to a release that serves it.',
    references: [
      'https://gateway-api.sigs.k8s.io/concepts/versioning/',
      'https://github.com/kubernetes-sigs/gateway-api/releases',
      'https://kubernetes.io/blog/2024/11/21/gateway-api-v1-2/',
    ],
  },
  messages: {
    deprecated: '{{kind}} uses {{version}}; v1 exists since Gateway API {{since}}.',
    removed:
      '{{kind}} uses {{version}}, no longer served since Gateway API {{removedIn}}; use v1 (since {{since}}).',
  },
  create({ report }) {
    const check = (resource: Resource) => {
      if (!resource.apiVersion.startsWith(`${GATEWAY_API_GROUP}/`)) return;
      const version = gatewayApiVersion(resource);
      const since = V1_SINCE[resource.kind];
      if (since === undefined || !OLD_VERSIONS.has(version)) return;
      const removedIn = REMOVED[`${resource.kind}/${version}`];
      const data = { kind: resource.kind, version, since };
      if (removedIn === undefined) report({ path: 'apiVersion', messageId: 'deprecated', data });
      else report({ path: 'apiVersion', messageId: 'removed', data: { ...data, removedIn } });
    };
    return {
      GatewayClass: check,
      Gateway: check,
      HTTPRoute: check,
      GRPCRoute: check,
      TLSRoute: check,
      ReferenceGrant: check,
    };
  },
});
