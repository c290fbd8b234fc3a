import { defineRule } from '../engine/rule.ts';
import { refOf } from '../model/resource.ts';
import { controllerServes, nginxControllerVisitors } from '../model/nginx-config.ts';

/** `--disable-catch-all` given without a value, or with a true one. */
function catchAllDisabled(value: string | true | undefined): boolean {
  return value === true || value === 'true' || value === '1';
}

export default defineRule({
  id: 'controller-catch-all-allowed',
  severity: 'info',
  category: 'controller',
  preset: 'strict',
  docs: {
    summary:
      'The ingress-nginx controller runs without --disable-catch-all while Ingresses it serves set spec.defaultBackend: any namespace can take over every unmatched host and path.',
    remediation:
      "Start the controller with --disable-catch-all=true (chart value controller.disableCatchAll) and route unknown hosts to the controller's own --default-backend-service.",
    references: [
      'https://kubernetes.github.io/ingress-nginx/user-guide/cli-arguments/',
      'https://kyverno.io/policies/other/restrict-ingress-defaultbackend/restrict-ingress-defaultbackend/',
    ],
  },
  messages: {
    catchAll:
      'Controller "{{container}}" accepts catch-all Ingresses (no --disable-catch-all) and {{count}} of its Ingresses use spec.defaultBackend, first {{ingress}}.',
  },
  create({ model, report }) {
    return nginxControllerVisitors(model, (controller) => {
      if (catchAllDisabled(controller.args.get('disable-catch-all'))) return;
      const catchAlls = model
        .ingresses()
        .filter(
          (ingress) =>
            ingress.defaultBackend !== undefined && controllerServes(controller, model.classOf(ingress)),
        );
      const [first] = catchAlls;
      if (!first) return;
      report({
        path: controller.container.fieldPath,
        messageId: 'catchAll',
        data: {
          container: controller.container.name,
          count: catchAlls.length,
          ingress: `${first.resource.namespace}/${first.resource.name}`,
        },
        related: catchAlls.map((ingress) => refOf(ingress.resource)),
      });
    });
  },
});
