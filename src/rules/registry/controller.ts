import type { AnyRule } from '../../engine/rule.ts';

export const controllerRules: readonly AnyRule[] = [];
