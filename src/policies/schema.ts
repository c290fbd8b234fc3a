/**
 * `policies:` in `.gatewatch.yaml`: rules written in CEL, shaped after ValidatingAdmissionPolicy
 * (validations, variables, matchConditions, failurePolicy) with a simpler `match:` and gatewatch's
 * own id, severity and docs.
 */
import { z } from 'zod';
import { SEVERITIES } from '../engine/rule.ts';

/** Policy ids share the namespace of rule ids, and their shape (they are used in annotations). */
export const POLICY_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const labelSelector = z
  .object({
    matchLabels: z.record(z.string(), z.string()).optional(),
    matchExpressions: z
      .array(
        z
          .object({
            key: z.string(),
            operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist']),
            values: z.array(z.string()).optional(),
          })
          .strict(),
      )
      .optional(),
  })
  .strict()
  .describe('A Kubernetes label selector (matchLabels, matchExpressions).');

const namedExpression = z
  .object({
    name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a CEL identifier'),
    expression: z.string().min(1),
  })
  .strict();

const validation = z
  .object({
    expression: z.string().min(1).describe('CEL; true means the object is valid.'),
    message: z.string().min(1).optional().describe('Shown when the expression is false.'),
    messageExpression: z
      .string()
      .min(1)
      .optional()
      .describe('CEL yielding the message; falls back to message when it fails or is empty.'),
    reason: z.enum(['Unauthorized', 'Forbidden', 'Invalid', 'RequestEntityTooLarge']).optional(),
    fieldPath: z
      .string()
      .min(1)
      .optional()
      .describe('Field the finding points at, e.g. spec.rules; default metadata.name.'),
  })
  .strict();

export const policySchema = z
  .object({
    id: z
      .string()
      .regex(POLICY_ID_PATTERN, 'a kebab-case id such as corp-hosts-only')
      .describe('Rule id of the policy: in findings, rules:, exemptions and suppression annotations.'),
    severity: z.enum(SEVERITIES).optional().describe('Default: error.'),
    description: z.string().min(1).optional().describe('One sentence: what the policy demands.'),
    remediation: z.string().min(1).optional(),
    references: z.array(z.string().min(1)).optional(),
    match: z
      .object({
        kinds: z.array(z.string().min(1)).min(1).describe('Kinds as gatewatch reads them, e.g. Ingress.'),
        namespaces: z.array(z.string()).optional().describe('Namespaces (globs allowed); all when absent.'),
        excludeNamespaces: z.array(z.string()).optional(),
        names: z.array(z.string()).optional().describe('Object names (globs allowed); all when absent.'),
        objectSelector: labelSelector.optional(),
        namespaceSelector: labelSelector.optional(),
      })
      .strict(),
    matchConditions: z
      .array(namedExpression)
      .optional()
      .describe('CEL conditions that must all be true for the policy to apply.'),
    variables: z.array(namedExpression).optional().describe('Named CEL values, read as variables.<name>.'),
    validations: z.array(validation).min(1),
    params: z.unknown().optional().describe('Any value, bound to `params` in the expressions.'),
    failurePolicy: z
      .enum(['Fail', 'Ignore'])
      .optional()
      .describe('An expression that cannot be evaluated: Fail (default) reports a finding, Ignore does not.'),
  })
  .strict();

export type PolicyConfig = z.infer<typeof policySchema>;
