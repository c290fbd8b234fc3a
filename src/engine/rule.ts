/**
 * A rule is data plus one function (DESIGN §3): metadata the engine, docs and outputs read, and
 * `create`, which returns visitors per kind. Rules report message ids and field paths, never
 * sentences: formatters own the wording.
 */
import type { z } from 'zod';
import type { Model } from '../model/model.ts';
import type { IngressView } from '../model/ingress.ts';
import type { KnownKind } from '../model/kinds.ts';
import type { ObjectRef, Resource } from '../model/resource.ts';

export const SEVERITIES = ['error', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const CATEGORIES = [
  'references',
  'tls',
  'routing',
  'nginx',
  'traefik',
  'haproxy',
  'controller',
  'exposure',
  'rbac',
  'gateway-api',
  'gatewatch',
  'policy',
] as const;
export type Category = (typeof CATEGORIES)[number];

export type Preset = 'recommended' | 'strict';

export type MessageData = Readonly<Record<string, string | number>>;

export interface ReportDescriptor<MessageId extends string> {
  /** The object the finding is about; the visited object when omitted. */
  readonly object?: Resource;
  /** Field path inside the object, e.g. `spec.tls[0].secretName`. */
  readonly path: string;
  readonly messageId: MessageId;
  readonly data?: MessageData;
  /** Objects the finding names (the missing Secret, the conflicting Ingress). */
  readonly related?: readonly ObjectRef[];
  /** A stronger or weaker severity than the rule's default for this one case, as the spec defines. */
  readonly severity?: Severity;
}

export interface RuleContext<MessageId extends string, Options> {
  readonly model: Model;
  /** Milliseconds since the epoch: the time certificate and window checks use (`--now`). */
  readonly now: number;
  readonly options: Options;
  // A function property, not a method: rules destructure it (`create({ report })`).
  readonly report: (descriptor: ReportDescriptor<MessageId>) => void;
}

type KindVisitors = { readonly [K in Exclude<KnownKind, 'Ingress'>]?: (resource: Resource) => void };

export interface Visitors extends KindVisitors {
  readonly Ingress?: (ingress: IngressView) => void;
  /** Called once after every object was visited: for rules that compare many objects. */
  readonly end?: () => void;
}

export interface RuleDocs {
  readonly summary: string;
  readonly remediation: string;
  readonly references: readonly string[];
  /** Where the rule is documented when not docs/rules/<id>.md (custom policies): a URL or a docs/ path. */
  readonly url?: string;
}

export interface RuleDefinition<MessageId extends string = string, Options = unknown> {
  /** = file name = docs slug. */
  readonly id: string;
  readonly severity: Severity;
  readonly category: Category;
  readonly preset: Preset;
  readonly docs: RuleDocs;
  readonly messages: Readonly<Record<MessageId, string>>;
  /**
   * Kinds whose absence from the input makes the rule "not checked" (files with no Service at all say
   * nothing about whether a backend Service exists).
   */
  readonly needs?: readonly KnownKind[];
  /**
   * Kinds of which at least one must be known (present in files, readable on a cluster), for
   * questions any of them can answer (RoleBindings or ClusterRoleBindings); "not checked" when none is.
   */
  readonly needsAnyOf?: readonly KnownKind[];
  /** Options schema; its defaults are the options when the config gives none. */
  readonly options?: z.ZodType<Options>;
  create(context: RuleContext<MessageId, Options>): Visitors;
}

/** Identity with inference: keeps message ids and options typed inside `create`. */
export function defineRule<MessageId extends string, Options = undefined>(
  rule: RuleDefinition<MessageId, Options>,
): RuleDefinition<MessageId, Options> {
  return rule;
}

/** The type rules are stored as in registries. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- registries hold rules of every message/option type
export type AnyRule = RuleDefinition<string, any>;
