import type { AnyRule } from '../../engine/rule.ts';

export const referencesRules: readonly AnyRule[] = [];
