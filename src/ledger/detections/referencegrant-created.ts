import { defineDetection } from './detection.ts';
import { asArray, asObject, asString } from '../../model/resource.ts';
import { isCreate, objectLabel } from './support/objects.ts';

function kinds(value: unknown, withNamespace: boolean): string[] {
  return asArray(value).map((entry) => {
    const ref = asObject(entry);
    const kind = asString(ref.kind) ?? '?';
    const name = asString(ref.name);
    const namespace = asString(ref.namespace);
    return `${kind}${withNamespace && namespace ? ` from ${namespace}` : ''}${name ? ` ${name}` : ''}`;
  });
}

export default defineDetection({
  id: 'referencegrant-created',
  severity: 'warning',
  subject: 'gateway-api',
  docs: {
    summary:
      'A ReferenceGrant was created: routes or Gateways of another namespace may now reference Services or Secrets of this one.',
    investigate:
      "A ReferenceGrant is the Gateway API's cross-namespace permission; check the source namespaces and target kinds (a grant on Secrets lets another namespace serve this one's certificates).",
    references: [
      'https://gateway-api.sigs.k8s.io/api-types/referencegrant/',
      'https://gateway-api.sigs.k8s.io/concepts/security-model/',
    ],
  },
  detect(change, { alert }) {
    if (change.object.resource !== 'referencegrants' || !isCreate(change)) return [];
    if (change.state === null)
      return [
        alert({
          summary: `${objectLabel(change.object)} created (content not recorded)`,
          details: { bodyless: true },
        }),
      ];
    const spec = asObject(change.state.spec);
    const from = kinds(spec.from, true);
    const to = kinds(spec.to, false);
    return [
      alert({
        summary: `${objectLabel(change.object)} created: ${from.join(', ') || '(nothing)'} may reference ${to.join(', ') || '(nothing)'}`,
        details: { from, to },
      }),
    ];
  },
});
