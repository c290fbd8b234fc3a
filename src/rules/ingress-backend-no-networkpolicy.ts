import { defineRule } from '../engine/rule.ts';
import { ingressPoliciesFor } from '../model/network-policy.ts';
import { refOf } from '../model/resource.ts';
import { serviceBackends, serviceRef } from '../model/services.ts';
import type { WorkloadView } from '../model/workloads.ts';

export default defineRule({
  id: 'ingress-backend-no-networkpolicy',
  severity: 'warning',
  category: 'exposure',
  preset: 'recommended',
  docs: {
    summary:
      'The pods behind an Ingress backend are selected by no NetworkPolicy that restricts their ingress: any pod in the cluster can reach them directly, bypassing the Ingress and its authentication, rate limits and allowlists.',
    remediation:
      'Add a NetworkPolicy selecting these pods that admits traffic only from the ingress controller namespace (and other known clients), on top of a default-deny policy for the namespace.',
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/network-policies/',
      'https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-deny-all-ingress-traffic',
    ],
  },
  messages: {
    noPolicy:
      'Pods of {{workload}} behind Service "{{service}}" are selected by no NetworkPolicy restricting ingress: any pod can reach them without going through the Ingress.',
    allowsAll:
      'NetworkPolicy "{{policy}}" admits every source to the pods of {{workload}} behind Service "{{service}}": any pod can reach them without going through the Ingress.',
  },
  needs: ['NetworkPolicy', 'Service'],
  create({ model, report }) {
    return {
      Ingress(ingress) {
        const { namespace } = ingress.resource;
        const judged = new Set<string>();
        for (const backend of serviceBackends(ingress)) {
          // One finding per Service: its other paths say nothing new.
          if (judged.has(backend.service)) continue;
          judged.add(backend.service);
          const service = model.get('Service', namespace, backend.service);
          // Only backends whose Service and pods are in the input can be judged.
          if (!service) continue;
          for (const workload of model.workloadsOfService(service)) {
            const effects = ingressPoliciesFor(model, namespace, workload.podLabels);
            const opening = effects.find((effect) => effect.allowsAll);
            if (effects.length > 0 && !opening) continue;
            const data = { service: backend.service, workload: describeWorkload(workload) };
            const related = [serviceRef(namespace, backend.service), refOf(workload.resource)];
            if (opening) {
              report({
                path: backend.servicePath,
                messageId: 'allowsAll',
                data: { ...data, policy: opening.policy.name },
                related: [...related, refOf(opening.policy)],
              });
            } else {
              report({ path: backend.servicePath, messageId: 'noPolicy', data, related });
            }
            break;
          }
        }
      },
    };
  },
});

function describeWorkload(workload: WorkloadView): string {
  return `${workload.resource.kind} "${workload.resource.name}"`;
}
