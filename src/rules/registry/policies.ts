import type { AnyRule } from '../../engine/rule.ts';
import admissionPolicyViolation from '../admission-policy-violation.ts';

/** Rules that evaluate policies written in CEL (config policies are rules of their own, made at config resolution). */
export const policyRules: readonly AnyRule[] = [admissionPolicyViolation];
