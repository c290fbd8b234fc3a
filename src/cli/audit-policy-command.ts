/**
 * `gatewatch audit policy [--webhook-url URL] [--token-file PATH] [--ca-file PATH] [--configmap NAME]
 * [--only policy|kubeconfig]`: the recommended audit Policy and the webhook kubeconfig that sends its
 * events to `gatewatch serve`, as YAML with the kube-apiserver flags that use them.
 */
import { Command, Option } from 'commander';
import {
  DEFAULT_CA_FILE,
  DEFAULT_TOKEN_FILE,
  DEFAULT_WEBHOOK_URL,
  recommendedPolicy,
  webhookKubeconfig,
  WebhookUrlError,
} from '../ledger/audit-policy.ts';
import { UsageError } from './config-location.ts';
import { collectList } from './ledger-options.ts';
import { EXIT, type Io } from './main.ts';

interface PolicyFlags {
  webhookUrl: string;
  tokenFile: string;
  caFile: string;
  systemRoots?: boolean;
  configmap: string[];
  only?: 'policy' | 'kubeconfig';
}

const POLICY_PATH = '/etc/kubernetes/audit/policy.yaml';
const KUBECONFIG_PATH = '/etc/kubernetes/audit/gatewatch-webhook.kubeconfig';

/** Adds `policy` under the `audit` command (registered before this). */
export function registerAuditPolicy(program: Command, io: Io, setExit: (code: number) => void): void {
  const audit = program.commands.find((command) => command.name() === 'audit');
  if (audit === undefined) throw new Error('registerAuditPolicy: register the audit command first');
  audit
    .command('policy')
    .description('print the recommended audit Policy and the webhook kubeconfig for gatewatch serve')
    .option('--webhook-url <url>', 'where gatewatch serve receives audit events', DEFAULT_WEBHOOK_URL)
    .option(
      '--token-file <path>',
      'file with the bearer token serve --audit-token-file expects',
      DEFAULT_TOKEN_FILE,
    )
    .option('--ca-file <path>', "CA bundle of serve's certificate", DEFAULT_CA_FILE)
    .option('--system-roots', "trust the system's CA roots for serve's certificate (no --ca-file)")
    .option(
      '--configmap <names>',
      'more ingress controller ConfigMap names to record in full (comma-separated, repeatable)',
      collectList,
      [],
    )
    .addOption(new Option('--only <document>', 'print one document only').choices(['policy', 'kubeconfig']))
    // No --output-file: `audit` has one, and the program reads its flags after the subcommand name.
    .action(async (flags: PolicyFlags) => {
      setExit(await runPolicy(flags, io));
    });
}

async function runPolicy(flags: PolicyFlags, io: Io): Promise<number> {
  // The YAML writer only when printing (registered with `audit`, whose runs never need it).
  const { toKubeYaml, yamlComment } = await import('../report/kube-yaml.ts');
  let kubeconfig: Record<string, unknown>;
  try {
    kubeconfig = webhookKubeconfig({
      url: flags.webhookUrl,
      tokenFile: flags.tokenFile,
      ...(flags.systemRoots ? {} : { caFile: flags.caFile }),
    });
  } catch (error) {
    if (error instanceof WebhookUrlError) throw new UsageError(error.message);
    throw error;
  }
  const policy = recommendedPolicy({ configMaps: flags.configmap });
  const policyDoc = `${yamlComment(
    [
      `Recommended audit Policy for gatewatch (save as ${POLICY_PATH}).`,
      'Ingress, Gateway API, NetworkPolicy and RBAC writes (status included) and the ingress controller',
      'ConfigMaps at RequestResponse; Secrets at Metadata (never their values); health probes and Lease',
      'heartbeats not at all; everything else at Metadata. kube-apiserver flags:',
      `  --audit-policy-file=${POLICY_PATH}`,
      '  --audit-log-path=/var/log/kubernetes/audit/audit.log   (gatewatch audit reads it)',
      `  --audit-webhook-config-file=${KUBECONFIG_PATH}`,
      '      (gatewatch serve receives the events)',
      '  --audit-webhook-mode=batch',
    ].join('\n'),
  )}\n${toKubeYaml(policy)}`;
  const kubeconfigDoc = `${yamlComment(
    [
      `Audit webhook kubeconfig (save as ${KUBECONFIG_PATH}):`,
      'the API server POSTs EventList batches to gatewatch serve. Put the token that',
      `serve --audit-token-file holds in ${flags.tokenFile}.`,
    ].join('\n'),
  )}\n${toKubeYaml(kubeconfig)}`;
  const text =
    flags.only === 'policy'
      ? policyDoc
      : flags.only === 'kubeconfig'
        ? kubeconfigDoc
        : `${policyDoc}---\n${kubeconfigDoc}`;
  io.stdout(text);
  return EXIT.ok;
}
