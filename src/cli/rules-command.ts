/** `gatewatch rules [ID]`: list the catalogue, or explain one rule. */
import type { Command } from 'commander';
import { RULES, findRule } from '../rules/index.ts';
import { UsageError } from './config-file.ts';
import { EXIT, type Io } from './main.ts';

export function registerRules(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('rules')
    .description('list rules, or explain one (summary, remediation, references)')
    .argument('[id]', 'rule id')
    .option('-o, --output <format>', 'text or json', 'text')
    .action((id: string | undefined, flags: { output: string }) => {
      if (id === undefined) {
        if (flags.output === 'json') {
          io.stdout(
            `${JSON.stringify(
              RULES.map(({ id: ruleId, severity, category, preset, docs }) => ({
                id: ruleId,
                severity,
                category,
                preset,
                summary: docs.summary,
              })),
              null,
              2,
            )}\n`,
          );
        } else {
          const width = Math.max(...RULES.map((r) => r.id.length));
          for (const rule of RULES) {
            io.stdout(
              `${rule.id.padEnd(width)}  ${rule.severity.padEnd(7)}  ${rule.preset === 'strict' ? 'strict' : '      '}  ${rule.docs.summary}\n`,
            );
          }
          io.stdout(
            `\n${RULES.length} rules. \`gatewatch rules <id>\` explains one; docs/rules/<id>.md has examples.\n`,
          );
        }
        setExit(EXIT.ok);
        return;
      }
      const rule = findRule(id);
      if (!rule) throw new UsageError(`no rule "${id}" (see \`gatewatch rules\`)`);
      if (flags.output === 'json') {
        io.stdout(
          `${JSON.stringify({ id: rule.id, severity: rule.severity, category: rule.category, preset: rule.preset, docs: rule.docs, messages: rule.messages, needs: rule.needs ?? [] }, null, 2)}\n`,
        );
      } else {
        const lines = [
          `${rule.id}  (${rule.severity}, ${rule.category}, ${rule.preset === 'strict' ? 'strict preset only' : 'recommended'})`,
          '',
          rule.docs.summary,
          '',
          `Remediation: ${rule.docs.remediation}`,
          ...(rule.needs?.length
            ? ['', `Needs: ${rule.needs.join(', ')} (without them in the input the rule is "not checked")`]
            : []),
          '',
          'References:',
          ...rule.docs.references.map((r) => `  ${r}`),
          '',
          `Suppress on an object: gatewatch.dev/ignore.${rule.id}: "<reason>"`,
          `Examples: docs/rules/${rule.id}.md`,
        ];
        io.stdout(`${lines.join('\n')}\n`);
      }
      setExit(EXIT.ok);
    });
}
