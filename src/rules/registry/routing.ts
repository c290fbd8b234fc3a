import type { AnyRule } from '../../engine/rule.ts';

export const routingRules: readonly AnyRule[] = [];
