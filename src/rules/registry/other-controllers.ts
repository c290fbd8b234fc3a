import type { AnyRule } from '../../engine/rule.ts';

export const otherControllersRules: readonly AnyRule[] = [];
