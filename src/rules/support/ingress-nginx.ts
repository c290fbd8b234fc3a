/**
 * What the section D rules share: the `nginx.ingress.kubernetes.io/` annotations of an Ingress that
 * ingress-nginx serves (whatever the class is called), and whether the controller settings found in the
 * input let snippet annotations through.
 */
import { annotationPath } from '../../model/field-path.ts';
import type { IngressView } from '../../model/ingress.ts';
import type { Model } from '../../model/model.ts';
import type { NginxControllerView } from '../../model/controllers.ts';
import { asObject, stringMap } from '../../model/resource.ts';
import { LastAnswerInModel } from '../../model/memo.ts';
import {
  ANNOTATION_RISKS,
  nginxAnnotation,
  nginxAnnotationName,
  riskRank,
  type AnnotationRisk,
  type NginxAnnotation,
} from '../../knowledge/ingress-nginx-annotations.ts';

export interface NginxAnnotationUse {
  /** The full key, with prefix. */
  readonly key: string;
  /** The key without prefix. */
  readonly name: string;
  readonly value: string;
  /** `metadata.annotations["nginx.ingress.kubernetes.io/…"]` */
  readonly path: string;
  /** The knowledge-base entry; undefined for a key the controller does not know. */
  readonly entry: NginxAnnotation | undefined;
}

/**
 * The ingress-nginx annotations of an Ingress, in key order — none when the Ingress is served by another
 * controller or by one gatewatch cannot tell (annotations of a controller that never reads them are the
 * `*-annotation-foreign` rules' business).
 */
export function nginxAnnotationsOf(model: Model, ingress: IngressView): readonly NginxAnnotationUse[] {
  return annotationUsesOf.get(model, ingress);
}

// Once per Ingress, shared (frozen) by the half-dozen annotation rules that each used to sort the keys
// and build these entries again.
const NONE: readonly NginxAnnotationUse[] = Object.freeze([]);
const annotationUsesOf = new LastAnswerInModel(
  (model: Model, ingress: IngressView): readonly NginxAnnotationUse[] =>
    model.classOf(ingress).controller !== 'nginx' ? NONE : Object.freeze(readNginxAnnotations(ingress)),
);

function readNginxAnnotations(ingress: IngressView): NginxAnnotationUse[] {
  const uses: NginxAnnotationUse[] = [];
  for (const key of Object.keys(ingress.annotations).sort()) {
    const name = nginxAnnotationName(key);
    if (name === undefined || name === '') continue;
    uses.push({
      key,
      name,
      value: ingress.annotations[key] ?? '',
      path: annotationPath(key),
      entry: nginxAnnotation(name),
    });
  }
  return uses;
}

/** Go's strconv.ParseBool, for ConfigMap values. */
function parseGoBool(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  return undefined;
}

function parseRisk(value: string | undefined): AnnotationRisk | undefined {
  return ANNOTATION_RISKS.find((risk) => risk.toLowerCase() === value?.trim().toLowerCase());
}

function versionAtLeast(version: string, major: number, minor: number): boolean {
  const [maj = 0, min = 0] = version.split('.').map(Number);
  return maj > major || (maj === major && min >= minor);
}

/**
 * The defaults of a controller version: snippets allowed by default before v1.9.0; the risk check came
 * with v1.9.0 at Critical and was lowered to High in v1.12.0 (kubernetes/ingress-nginx#10186). An
 * unknown version gets the final release's defaults.
 */
function defaultsFor(version: string | undefined): { allowSnippets: boolean; riskLevel: AnnotationRisk } {
  if (version === undefined || versionAtLeast(version, 1, 12))
    return { allowSnippets: false, riskLevel: 'High' };
  if (versionAtLeast(version, 1, 9)) return { allowSnippets: false, riskLevel: 'Critical' };
  return { allowSnippets: true, riskLevel: 'Critical' };
}

export type SnippetVerdict =
  | { readonly kind: 'allowed'; readonly configMap: string }
  | { readonly kind: 'blocked'; readonly configMap: string; readonly reason: string }
  | { readonly kind: 'unknown' };

/** What one controller does with a Critical snippet annotation, from its ConfigMap and version. */
export function snippetVerdictOf(controller: NginxControllerView): SnippetVerdict {
  const configArg = controller.args.get('configmap');
  if (!controller.configMap && (typeof configArg === 'string' || controller.version === undefined))
    return { kind: 'unknown' };
  const data = controller.configMap ? stringMap(asObject(controller.configMap.body).data) : {};
  const defaults = defaultsFor(controller.version);
  const configMap = controller.configMap
    ? `${controller.configMap.namespace}/${controller.configMap.name}`
    : 'built-in defaults';
  const allowSnippets = parseGoBool(data['allow-snippet-annotations']) ?? defaults.allowSnippets;
  const riskLevel = parseRisk(data['annotations-risk-level']) ?? defaults.riskLevel;
  if (!allowSnippets)
    return { kind: 'blocked', configMap, reason: 'allow-snippet-annotations is not "true"' };
  if (riskRank(riskLevel) < riskRank('Critical'))
    return {
      kind: 'blocked',
      configMap,
      reason: `annotations-risk-level is ${riskLevel}, snippets are Critical`,
    };
  return { kind: 'allowed', configMap };
}

/**
 * The verdict over every ingress-nginx controller in the input: allowed when any lets snippets through
 * (the worst case wins), unknown when one cannot be told or there is none, blocked otherwise.
 */
export function snippetVerdict(model: Model): SnippetVerdict {
  const verdicts = model.nginxControllers().map(snippetVerdictOf);
  const allowed = verdicts.find((v) => v.kind === 'allowed');
  if (allowed) return allowed;
  const blocked = verdicts.find((v) => v.kind === 'blocked');
  if (verdicts.length === 0 || verdicts.some((v) => v.kind === 'unknown') || !blocked)
    return { kind: 'unknown' };
  return blocked;
}

/** A value as messages show it: one line, control characters escaped, at most 60 characters. */
export function displayValue(value: string): string {
  const oneLine = JSON.stringify(value).slice(1, -1);
  return oneLine.length > 60 ? `${oneLine.slice(0, 57)}...` : oneLine;
}

export const ANNOTATIONS_DOC =
  'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/';
export const ANNOTATIONS_RISK_DOC =
  'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations-risk/';
