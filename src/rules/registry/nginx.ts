import type { AnyRule } from '../../engine/rule.ts';

export const nginxRules: readonly AnyRule[] = [];
