import type { AnyRule } from '../../engine/rule.ts';
import ingressBackendServiceMissing from '../ingress-backend-service-missing.ts';
import ingressBackendPortMissing from '../ingress-backend-port-missing.ts';
import ingressBackendResource from '../ingress-backend-resource.ts';
import ingressBackendExternalname from '../ingress-backend-externalname.ts';
import ingressClassMissing from '../ingress-class-missing.ts';
import ingressClassUnknown from '../ingress-class-unknown.ts';
import ingressClassAnnotationDeprecated from '../ingress-class-annotation-deprecated.ts';
import ingressclassMultipleDefault from '../ingressclass-multiple-default.ts';
import ingressApiDeprecated from '../ingress-api-deprecated.ts';

export const referencesRules: readonly AnyRule[] = [
  ingressBackendServiceMissing,
  ingressBackendPortMissing,
  ingressBackendResource,
  ingressBackendExternalname,
  ingressClassMissing,
  ingressClassUnknown,
  ingressClassAnnotationDeprecated,
  ingressclassMultipleDefault,
  ingressApiDeprecated,
];
