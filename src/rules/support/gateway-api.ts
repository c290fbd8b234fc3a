/** What the Gateway API rules share: one check run on every route kind. */
import type { Visitors } from '../../engine/rule.ts';
import { routeView, type RouteView } from '../../model/gateway-api.ts';
import type { Model } from '../../model/model.ts';
import type { Resource } from '../../model/resource.ts';

/** Visitors calling `check` with the view of every HTTPRoute, GRPCRoute and TLSRoute. */
export function routeVisitors(model: Model, check: (route: RouteView) => void): Visitors {
  const visit = (resource: Resource) => {
    check(routeView(model, resource));
  };
  return { HTTPRoute: visit, GRPCRoute: visit, TLSRoute: visit };
}

/** `namespace/name` of a route or Gateway, as findings name them. */
export function qualifiedName(resource: Resource): string {
  return `${resource.namespace}/${resource.name}`;
}
