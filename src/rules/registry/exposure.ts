import type { AnyRule } from '../../engine/rule.ts';

export const exposureRules: readonly AnyRule[] = [];
