import { defineRule } from '../engine/rule.ts';
import { hasAuthentication } from '../knowledge/authentication-annotations.ts';
import { findSensitivePath, type SensitivePath } from '../knowledge/sensitive-paths.ts';
import type { IngressView } from '../model/ingress.ts';
import {
  isCatchAllPath,
  normalisedRoutes,
  pathValueFieldPath,
  type NormalisedRoute,
} from '../model/paths.ts';
import { refOf } from '../model/resource.ts';

interface SensitiveRoute {
  readonly ingress: IngressView;
  readonly route: NormalisedRoute;
  readonly endpoint: SensitivePath;
}

interface CatchAllRoute {
  readonly ingress: IngressView;
  readonly route: NormalisedRoute;
  readonly serviceKey: string;
  readonly service: string;
  readonly controller: string;
}

export default defineRule({
  id: 'ingress-path-sensitive-exposed',
  severity: 'warning',
  category: 'routing',
  preset: 'recommended',
  docs: {
    summary:
      'A path publishes a well-known sensitive endpoint (`/admin`, `/metrics`, `/actuator`, `/.git`, `/.env`…), or `/` publishes a Service that serves one, with no authentication configured for the controller.',
    remediation:
      'Stop routing the endpoint publicly, or put authentication in front of it (ingress-nginx auth-url/auth-type, a Traefik auth middleware, HAProxy auth-type).',
    references: [
      'https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_Testing/02-Configuration_and_Deployment_Management_Testing/05-Enumerate_Infrastructure_and_Application_Admin_Interfaces',
      'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#authentication',
      'https://doc.traefik.io/traefik/middlewares/http/forwardauth/',
    ],
  },
  messages: {
    sensitivePath:
      'Path "{{path}}" publishes {{endpoint}} ({{why}}) with no authentication configured (controller: {{controller}}).',
    catchAllOverSensitive:
      'Path "{{path}}" publishes all of Service "{{service}}", which serves {{endpoint}} (routed by Ingress {{other}}), with no authentication configured (controller: {{controller}}).',
  },
  create({ model, report }) {
    /** namespace/service → the first sensitive path routed to it, authenticated or not. */
    const sensitiveServices = new Map<string, SensitiveRoute>();
    const catchAlls: CatchAllRoute[] = [];
    return {
      Ingress(ingress) {
        const controllerType = model.classOf(ingress).controller;
        const controller = controllerType ?? 'unknown';
        const authenticated = hasAuthentication(ingress.annotations, controllerType);
        for (const route of normalisedRoutes(ingress)) {
          const { backend } = route.source;
          const serviceKey =
            backend.type === 'service' ? `${ingress.resource.namespace}/${backend.service}` : undefined;
          const endpoint = findSensitivePath(route.path);
          if (endpoint) {
            if (serviceKey !== undefined && !sensitiveServices.has(serviceKey))
              sensitiveServices.set(serviceKey, { ingress, route, endpoint });
            if (!authenticated) {
              report({
                path: pathValueFieldPath(route.source),
                messageId: 'sensitivePath',
                data: { path: route.path, endpoint: endpoint.path, why: endpoint.why, controller },
              });
            }
          } else if (
            !authenticated &&
            serviceKey !== undefined &&
            backend.type === 'service' &&
            isCatchAllPath(route)
          ) {
            catchAlls.push({ ingress, route, serviceKey, service: backend.service, controller });
          }
        }
      },
      end() {
        for (const catchAll of catchAlls) {
          const sensitive = sensitiveServices.get(catchAll.serviceKey);
          if (!sensitive) continue;
          const { resource } = sensitive.ingress;
          report({
            object: catchAll.ingress.resource,
            path: pathValueFieldPath(catchAll.route.source),
            messageId: 'catchAllOverSensitive',
            data: {
              path: catchAll.route.path,
              service: catchAll.service,
              endpoint: sensitive.endpoint.path,
              other: `${resource.namespace}/${resource.name}`,
              controller: catchAll.controller,
            },
            related: [refOf(resource)],
          });
        }
      },
    };
  },
});
