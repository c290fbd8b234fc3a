import { defineRule } from '../engine/rule.ts';
import { displayHost, normalisePath } from '../model/paths.ts';
import { routeTableOf } from '../routing/table.ts';

export default defineRule({
  id: 'ingress-duplicate-path',
  severity: 'warning',
  category: 'routing',
  preset: 'recommended',
  docs: {
    summary:
      'The same host + path + pathType appears twice inside one Ingress: only one of them can be served, and the later one is dead configuration.',
    remediation: 'Remove the duplicate path, or merge the rules for the host into one.',
    references: ['https://kubernetes.io/docs/concepts/services-networking/ingress/#multiple-matches'],
  },
  messages: {
    duplicate:
      '{{pathType}} path "{{path}}" of host "{{host}}" is already defined at {{first}}; this one is never used.',
  },
  // The route table marks duplicates (table.ts markDuplicates): this rule reports what it marked.
  create({ model, report }) {
    return {
      end() {
        const table = routeTableOf(model);
        for (const entry of table.entries) {
          if (entry.shadowed?.reason !== 'duplicate' || entry.source.kind !== 'Ingress') continue;
          const first = table.entries[entry.shadowed.by];
          const object = model.get('Ingress', entry.source.namespace, entry.source.name);
          if (!first || !object) continue;
          report({
            object,
            path: entry.pathFieldPath,
            messageId: 'duplicate',
            data: {
              host: displayHost(entry.host.type === 'any' ? '' : entry.host.value),
              path: normalisePath(entry.path.written, entry.path.type).path,
              pathType: entry.path.type,
              first: first.source.fieldPath,
            },
          });
        }
      },
    };
  },
});
