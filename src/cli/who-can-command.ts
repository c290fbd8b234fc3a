/** `gatewatch who-can VERB RESOURCE [-n NS] [--name N] [PATH…]`: which subjects RBAC allows, and through what. */
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { Model } from '../model/model.ts';
import { whoCan } from '../rbac/authorizer.ts';
import type { AccessRequest } from '../rbac/policy-rule.ts';
import { parseResourceArgument, ResourceArgumentError, type ResourceArgument } from '../rbac/resources.ts';
import { whoCanJson, whoCanText, type WhoCanJson } from '../rbac/who-can-report.ts';
import { readInputs } from '../sources/files/read.ts';
import { isReadFailure } from '../sources/problem.ts';
import { readCluster } from '../sources/cluster/read.ts';
import type { ClusterReader } from '../sources/cluster/port.ts';
import { serviceAccountIdentity } from '../rbac/subjects.ts';
import { TOOL_VERSION } from '../version.ts';
import { UsageError } from './config-file.ts';
import { clusterReader } from './input-options.ts';
import { EXIT, type Io } from './main.ts';
import { collect } from './options.ts';

interface WhoCanFlags {
  filename: string[];
  namespace?: string;
  name?: string;
  output: 'text' | 'json';
  cluster?: boolean;
  context?: string;
  kubeconfig?: string;
  verify?: boolean;
}

/** The model the question is asked of, and whether some of it could not be read (exit 3). */
interface Loaded {
  readonly model: Model;
  readonly partial: boolean;
  /** The open cluster reader (closed after the answer), for --verify. */
  readonly reader?: ClusterReader;
}

const VERB = /^(?:[a-z]+|\*)$/;

export function registerWhoCan(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('who-can')
    .description('subjects that RBAC allows to do VERB on RESOURCE, through which bindings and roles')
    .argument('<verb>', 'get, list, watch, create, update, patch, delete, deletecollection, …')
    .argument(
      '<resource>',
      'ingresses, ingresses/status, secrets, ingressclasses, httproutes.gateway.networking.k8s.io, …',
    )
    .argument('[paths...]', 'manifest files or directories holding the RBAC objects; - reads stdin')
    .option(
      '-f, --filename <path>',
      'a file or directory (repeatable; same as a positional path)',
      collect,
      [],
    )
    .option('-n, --namespace <ns>', 'the namespace asked about (default: cluster-wide)')
    .option('--name <name>', 'the object name (resourceNames); ignored for create and deletecollection')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--cluster', 'read RBAC from the live cluster of the current kubeconfig context')
    .option('--context <name>', 'with --cluster: the kubeconfig context to use')
    .option(
      '--kubeconfig <file>',
      'with --cluster: the kubeconfig file (default: $KUBECONFIG, ~/.kube/config)',
    )
    .option('--verify', 'with --cluster: confirm each subject with a SubjectAccessReview')
    .action(async (verb: string, resource: string, positional: string[], flags: WhoCanFlags) => {
      setExit(await runWhoCan(verb, resource, [...positional, ...flags.filename], flags, io));
    });
}

async function runWhoCan(
  verb: string,
  resourceText: string,
  paths: string[],
  flags: WhoCanFlags,
  io: Io,
): Promise<number> {
  if (!VERB.test(verb)) throw new UsageError(`"${verb}" is not a verb (try create, update, get, list)`);
  let argument: ResourceArgument;
  try {
    argument = parseResourceArgument(resourceText);
  } catch (error) {
    if (error instanceof ResourceArgumentError) throw new UsageError(error.message);
    throw error;
  }
  if (flags.verify && !flags.cluster)
    throw new UsageError('--verify asks the cluster: it goes with --cluster');
  if (flags.cluster && paths.length > 0)
    throw new UsageError('--cluster reads the cluster: name no files with it');
  const namespace = argument.namespaced ? flags.namespace : undefined;
  const loaded = flags.cluster ? await loadCluster(flags, namespace, io) : await loadFiles(paths, flags, io);
  if (!loaded) return EXIT.usage;
  const { model } = loaded;
  try {
    const request: AccessRequest = {
      verb,
      resource: argument.resource,
      apiGroup: argument.apiGroup,
      ...(argument.subresource ? { subresource: argument.subresource } : {}),
      ...(namespace ? { namespace } : {}),
      ...(flags.name ? { name: flags.name } : {}),
    };
    const json = whoCanJson(whoCan(model, request), argument, { name: 'gatewatch', version: TOOL_VERSION });
    if (flags.namespace && !argument.namespaced)
      json.notes.unshift(`${argument.resource} are cluster-scoped: -n ${flags.namespace} was ignored.`);
    let disagreement = false;
    if (flags.verify && loaded.reader) disagreement = await verifyAnswer(json, request, loaded.reader);
    io.stdout(flags.output === 'json' ? `${JSON.stringify(json, null, 2)}\n` : whoCanText(json, argument));
    return loaded.partial || disagreement ? EXIT.partial : EXIT.ok;
  } finally {
    await loaded.reader?.close();
  }
}

/**
 * Asks the API server (SubjectAccessReview) about every subject of the answer, as that subject: a
 * ServiceAccount with its implicit groups, a group through a member that has no other group. A
 * subject the server does not allow (another authorizer, or objects the read missed) or a review that
 * fails makes the run partial.
 */
async function verifyAnswer(
  json: WhoCanJson,
  request: AccessRequest,
  reader: ClusterReader,
): Promise<boolean> {
  let disagreement = false;
  for (const subject of json.subjects) {
    const identity =
      subject.kind === 'ServiceAccount'
        ? serviceAccountIdentity(subject.namespace ?? '', subject.name)
        : subject.kind === 'Group'
          ? { user: `gatewatch:verify:member-of:${subject.name}`, groups: [subject.name] }
          : { user: subject.name, groups: [] };
    const answer = await reader.review({
      user: identity.user,
      groups: identity.groups,
      verb: request.verb,
      group: request.apiGroup,
      resource: request.resource,
      ...(request.subresource !== undefined ? { subresource: request.subresource } : {}),
      ...(request.namespace !== undefined ? { namespace: request.namespace } : {}),
      ...(request.name !== undefined ? { name: request.name } : {}),
    });
    subject.verified =
      answer.status === 'ok' ? { allowed: answer.allowed, reason: answer.reason } : { error: answer.message };
    if (answer.status !== 'ok' || !answer.allowed) disagreement = true;
  }
  return disagreement;
}

async function loadFiles(paths: string[], flags: WhoCanFlags, io: Io): Promise<Loaded | undefined> {
  if (paths.length === 0)
    throw new UsageError(
      'who-can needs the manifests holding the RBAC objects (e.g. -f rbac/), or --cluster',
    );
  for (const [flag, value] of [
    ['--context', flags.context],
    ['--kubeconfig', flags.kubeconfig],
  ] as const)
    if (value !== undefined) throw new UsageError(`${flag} goes with --cluster`);
  const input = await readInputs(
    paths.map((path) => (path === '-' ? path : resolve(io.cwd, path))),
    { cwd: io.cwd, ...(io.readStdin ? { readStdin: io.readStdin } : {}) },
  );
  for (const problem of input.problems.filter(isReadFailure))
    io.stderr(
      `gatewatch: ${problem.file}${problem.line ? `:${String(problem.line)}` : ''}: ${problem.message}\n`,
    );
  if (!input.anythingRead) {
    io.stderr('gatewatch: nothing could be read from the given inputs\n');
    return undefined;
  }
  return {
    model: new Model(input.resources, { mode: 'files' }),
    partial: input.problems.some(isReadFailure),
  };
}

/**
 * The live cluster through the same adapter as `scan --cluster`. RBAC kinds the identity may not list
 * make the answer partial (exit 3): bindings it cannot see may grant the request too.
 */
async function loadCluster(
  flags: WhoCanFlags,
  namespace: string | undefined,
  io: Io,
): Promise<Loaded | undefined> {
  const reader = clusterReader(flags, io);
  const input = await readCluster(reader, namespace !== undefined ? { namespace } : {});
  if (input.status !== 'ok') {
    io.stderr(`gatewatch: cannot read the cluster: ${input.message}\n`);
    await reader.close();
    return undefined;
  }
  const unreadableRbac = [...input.unreadableKinds].filter(([kind]) => RBAC_KINDS.includes(kind));
  for (const [, reason] of unreadableRbac) io.stderr(`gatewatch: warning: ${reason}\n`);
  const model = new Model(input.resources, { mode: 'cluster', unreadableKinds: input.unreadableKinds });
  return { model, partial: unreadableRbac.length > 0, reader };
}

const RBAC_KINDS: readonly string[] = ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'];
