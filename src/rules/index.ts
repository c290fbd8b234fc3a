/**
 * The rule registry: every rule, listed explicitly (DESIGN §5.2), one list per catalogue section
 * (spec/rules.md) so each section is owned in one place.
 */
import type { AnyRule } from '../engine/rule.ts';
import { META_RULES } from '../engine/meta-rules.ts';
import { referencesRules } from './registry/references.ts';
import { tlsRules } from './registry/tls.ts';
import { routingRules } from './registry/routing.ts';
import { nginxRules } from './registry/nginx.ts';
import { otherControllersRules } from './registry/other-controllers.ts';
import { controllerRules } from './registry/controller.ts';
import { exposureRules } from './registry/exposure.ts';
import { rbacRules } from './registry/rbac.ts';
import { gatewayApiRules } from './registry/gateway-api.ts';
import { policyRules } from './registry/policies.ts';

export const RULES: readonly AnyRule[] = [
  ...referencesRules,
  ...tlsRules,
  ...routingRules,
  ...nginxRules,
  ...otherControllersRules,
  ...controllerRules,
  ...exposureRules,
  ...rbacRules,
  ...gatewayApiRules,
  ...policyRules,
  ...META_RULES,
];

export function findRule(id: string): AnyRule | undefined {
  return RULES.find((rule) => rule.id === id);
}
