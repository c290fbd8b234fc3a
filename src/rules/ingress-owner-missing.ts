import { z } from 'zod';
import { defineRule } from '../engine/rule.ts';

const DEFAULT_OWNER_KEYS = ['owner', 'team', 'app.kubernetes.io/owner', 'app.kubernetes.io/team', 'contact'];

const options = z.strictObject({
  keys: z
    .array(z.string().min(1))
    .min(1)
    .default(DEFAULT_OWNER_KEYS)
    .describe(
      'Label or annotation keys that name an owner. A key without a prefix also matches it under any prefix (`team` matches `acme.io/team`).',
    ),
});

export default defineRule({
  id: 'ingress-owner-missing',
  severity: 'info',
  category: 'exposure',
  preset: 'strict',
  docs: {
    summary:
      'An Ingress has no owner or team label or annotation (keys configurable with the `keys` option): when it misbehaves or is abused, no one is there to answer for it.',
    remediation:
      'Add a label such as `team: payments` or `owner: alice@example.com` naming who is accountable for this Ingress.',
    references: [
      'https://docs.kubelinter.io/#/generated/checks?id=required-label-owner',
      'https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/',
    ],
  },
  messages: {
    missing: 'No owner label or annotation: none of {{keys}} is set.',
  },
  options,
  create({ options: { keys }, report }) {
    return {
      Ingress(ingress) {
        const present = [...Object.entries(ingress.labels), ...Object.entries(ingress.annotations)].some(
          ([key, value]) => value.trim() !== '' && keys.some((wanted) => namesOwner(key, wanted)),
        );
        if (present) return;
        const path = Object.keys(ingress.labels).length > 0 ? 'metadata.labels' : 'metadata';
        report({ path, messageId: 'missing', data: { keys: keys.join(', ') } });
      },
    };
  },
});

/** `wanted` without a prefix matches the key's name under any prefix: `team` matches `acme.io/team`. */
function namesOwner(key: string, wanted: string): boolean {
  if (key === wanted) return true;
  return !wanted.includes('/') && key.slice(key.lastIndexOf('/') + 1) === wanted;
}
