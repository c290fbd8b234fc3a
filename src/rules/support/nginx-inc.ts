/**
 * What the nginx-family rules share about F5 NGINX Ingress Controller ("NGINX Inc"): which of its
 * annotations an Ingress carries when that controller serves it or may serve it, and why.
 */
import type { IngressView } from '../../model/ingress.ts';
import type { Model } from '../../model/model.ts';
import {
  isNginxIncClass,
  nginxIncAnnotationsOf,
  nginxIncServing,
  type NginxIncAnnotationUse,
} from '../../model/nginx-inc.ts';
import { nginxAnnotationsOf, type NginxAnnotationUse } from './ingress-nginx.ts';

export const NGINX_INC_SNIPPETS_DOC =
  'https://docs.nginx.com/nginx-ingress-controller/configuration/ingress-resources/advanced-configuration-with-snippets/';

export interface NginxIncAnnotations {
  readonly uses: readonly NginxIncAnnotationUse[];
  /** Why NGINX Inc's controller is taken to read them, for messages. */
  readonly servedBy: string;
}

/**
 * The `nginx.org/` and `nginx.com/` annotations of an Ingress that NGINX Inc's controller serves, or
 * that no controller could be resolved for; undefined for an Ingress a modelled controller serves (there
 * these keys configure nothing, which nginx-annotation-foreign reports).
 */
export function nginxIncAnnotationsServed(
  model: Model,
  ingress: IngressView,
): NginxIncAnnotations | undefined {
  const serving = nginxIncServing(model, ingress);
  if (serving === undefined) return undefined;
  const uses = nginxIncAnnotationsOf(ingress);
  if (uses.length === 0) return undefined;
  const servedBy =
    serving === 'nginx-inc'
      ? `IngressClass "${model.classOf(ingress).className ?? ''}" names nginx.org/ingress-controller`
      : 'no controller could be resolved for the Ingress, so it may be the one serving it';
  return { uses, servedBy };
}

/**
 * nginxAnnotationsOf, except for an Ingress whose IngressClass names NGINX Inc's controller: that class
 * wins over `--controller`, which stands in only for a controller the input does not name, and
 * ingress-nginx never reads such an Ingress.
 */
export function ingressNginxAnnotationsOf(model: Model, ingress: IngressView): readonly NginxAnnotationUse[] {
  return isNginxIncClass(model.classOf(ingress).ingressClass) ? [] : nginxAnnotationsOf(model, ingress);
}
