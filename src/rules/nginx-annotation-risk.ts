import { z } from 'zod';
import { defineRule } from '../engine/rule.ts';
import { ANNOTATION_RISKS, riskRank } from '../knowledge/ingress-nginx-annotations.ts';
import { ANNOTATIONS_RISK_DOC, nginxAnnotationsOf } from './support/ingress-nginx.ts';

export default defineRule({
  id: 'nginx-annotation-risk',
  severity: 'warning',
  category: 'nginx',
  preset: 'recommended',
  docs: {
    summary:
      'An ingress-nginx annotation whose risk level (Low, Medium, High, Critical, from the controller’s annotations-risk table) is above the allowed level: a controller with that annotations-risk-level rejects the Ingress.',
    remediation:
      'Drop the annotation or move the behaviour to controller-wide configuration; raise maxRisk only where the controller allows that level too.',
    references: [
      ANNOTATIONS_RISK_DOC,
      'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/configmap/#annotations-risk-level',
    ],
  },
  messages: {
    tooRisky: 'Annotation "{{annotation}}" has risk level {{risk}}, above the allowed {{maxRisk}}.',
  },
  options: z.object({
    /** The highest risk level allowed; the controller's own default is High. */
    maxRisk: z.enum(ANNOTATION_RISKS).default('High'),
  }),
  create({ model, report, options }) {
    return {
      Ingress(ingress) {
        for (const use of nginxAnnotationsOf(model, ingress)) {
          if (!use.entry || use.entry.removed || riskRank(use.entry.risk) <= riskRank(options.maxRisk))
            continue;
          report({
            path: use.path,
            messageId: 'tooRisky',
            data: { annotation: use.key, risk: use.entry.risk, maxRisk: options.maxRisk },
          });
        }
      },
    };
  },
});
