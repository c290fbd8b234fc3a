/**
 * `gatewatch routes`, `gatewatch route URL` and `gatewatch exposure` (spec/routing.md): the route table,
 * one request's decision, and the threat surface, from files or the live cluster. The model is loaded
 * once through the shared input flags; the table comes from src/routing (the same one the rules use).
 *
 * Exit codes: 0 answered — including a request nothing matches, which gets the fallback (`kubectl get`
 * finding nothing exits 0 too: an answer, not an error); 2 usage error (an invalid URL, header or
 * flag) or nothing readable; 3 answered, but some input or kind could not be read.
 */
import { Option, type Command } from 'commander';
import type { LoadedModel } from '../pipeline/load.ts';
import { exposure, route, routeTableOf, type RouteRequest } from '../routing/index.ts';
import { exposureJson, formatExposureJson, formatExposureText } from '../report/routing/exposure-report.ts';
import { formatRouteJson, formatRouteText } from '../report/routing/route-report.ts';
import {
  formatRoutesJson,
  formatRoutesText,
  problemJson,
  routesJson,
} from '../report/routing/routes-report.ts';
import { oneLine } from '../report/sanitize.ts';
import { TOOL_VERSION } from '../version.ts';
import { UsageError } from './config-file.ts';
import {
  addClusterOptions,
  addColorOption,
  addFilenameOption,
  addOutputOptions,
  addReadingOptions,
  checkInputFlags,
  colorFlag,
  emit,
  loadInput,
  type InputFlags,
} from './input-options.ts';
import { EXIT, type Io } from './main.ts';
import { collect, parseNow, useColor } from './options.ts';

const FORMATS = ['text', 'json'] as const;
type Format = (typeof FORMATS)[number];

interface RoutingFlags extends InputFlags {
  output: Format;
}

interface RouteFlags extends RoutingFlags {
  method: string;
  header: string[];
  explain?: boolean;
  frontend?: string;
}

const TOOL = { name: 'gatewatch', version: TOOL_VERSION } as const;

/** Flags shared by the three commands, in the order `scan` lists them. */
function withInputs(command: Command): Command {
  addFilenameOption(command);
  addOutputOptions(command, FORMATS);
  addReadingOptions(command, 'the time used for certificate validity marks');
  addClusterOptions(command);
  return addColorOption(command);
}

export function registerRouting(program: Command, io: Io, setExit: (code: number) => void): void {
  withInputs(
    program
      .command('routes')
      .description('the route table: every host/path → Ingress/route → Service:port, with TLS and auth')
      .argument('[paths...]', 'files or directories; - reads stdin'),
  ).action(async (positional: string[], flags: RoutingFlags, command: Command) => {
    setExit(await runRoutes([...positional, ...flags.filename], withColor(flags, command), io));
  });

  withInputs(
    program
      .command('route')
      .description('which rule serves a request, and why; what a request nothing matches gets')
      .argument('<url>', 'the request, e.g. https://shop.example.com/api/x?debug=1')
      .argument('[paths...]', 'files or directories; - reads stdin')
      .option('-X, --method <method>', 'the request method', 'GET')
      .option('-H, --header <header>', 'a request header "Name: value" (repeatable)', collect, [])
      .option('--explain', 'why each losing rule lost, and the rules that did not match')
      .addOption(
        new Option(
          '--frontend <key>',
          'only this frontend: a key (ingress/nginx, gateway/NS/NAME:PORT), a class or a Gateway name',
        ),
      ),
  ).action(async (url: string, positional: string[], flags: RouteFlags, command: Command) => {
    setExit(await runRoute(url, [...positional, ...flags.filename], withColor(flags, command), io));
  });

  withInputs(
    program
      .command('exposure')
      .description(
        'per Service: the external URLs that reach it and the controls in front, unprotected first',
      )
      .argument('[paths...]', 'files or directories; - reads stdin'),
  ).action(async (positional: string[], flags: RoutingFlags, command: Command) => {
    setExit(await runExposure([...positional, ...flags.filename], withColor(flags, command), io));
  });
}

function withColor<T extends RoutingFlags>(flags: T, command: Command): T {
  return { ...flags, color: colorFlag(flags, command) };
}

function missingInput(name: string): string {
  return `${name} needs a path, a directory or - for stdin (try \`gatewatch ${name} -f examples/\`), or --cluster`;
}

/** Checks the flags, loads the model and says on stderr what could not be read. */
async function load(
  paths: readonly string[],
  flags: RoutingFlags,
  io: Io,
  missing: string,
): Promise<LoadedModel | undefined> {
  checkInputFlags(paths, flags, missing);
  const loaded = await loadInput(paths, flags, io, { fallbackController: flags.controller });
  if (loaded === undefined) return undefined;
  for (const problem of loaded.problems) {
    if (problem.id === 'input-unknown-kind') continue;
    io.stderr(`gatewatch: ${oneLine(problem.file)}:${String(problem.line)}: ${oneLine(problem.message)}\n`);
  }
  if (loaded.nothingRead) {
    io.stderr('gatewatch: nothing could be read from the given inputs\n');
    return undefined;
  }
  return loaded;
}

function colorOf(io: Io, flags: RoutingFlags): boolean {
  return flags.output === 'text' && useColor(io, flags.color, flags.outputFile !== undefined);
}

async function runRoutes(paths: string[], flags: RoutingFlags, io: Io): Promise<number> {
  const now = parseNow(flags.now);
  const loaded = await load(paths, flags, io, missingInput('routes'));
  if (!loaded) return EXIT.usage;
  const json = routesJson({
    table: routeTableOf(loaded.model),
    model: loaded.model,
    now,
    tool: TOOL,
    problems: loaded.problems,
  });
  emit(
    io,
    flags.outputFile,
    flags.output === 'json' ? formatRoutesJson(json) : formatRoutesText(json, { color: colorOf(io, flags) }),
  );
  return loaded.partial ? EXIT.partial : EXIT.ok;
}

async function runRoute(url: string, paths: string[], flags: RouteFlags, io: Io): Promise<number> {
  // The request is checked before anything is read: a typo in the URL is a usage error, not a slow one.
  const request = parseRequest(url, flags.method, flags.header);
  parseNow(flags.now);
  const loaded = await load(paths, flags, io, missingInput('route URL'));
  if (!loaded) return EXIT.usage;
  const table = routeTableOf(loaded.model);
  const decision = route(table, request, flags.frontend !== undefined ? { frontend: flags.frontend } : {});
  if (flags.frontend !== undefined && !table.frontends.some((f) => frontendNamed(f, flags.frontend ?? '')))
    io.stderr(
      `gatewatch: warning: no frontend "${oneLine(flags.frontend)}" in the input (known: ${table.frontends.map((f) => oneLine(f.key)).join(', ') || 'none'})\n`,
    );
  emit(
    io,
    flags.outputFile,
    flags.output === 'json'
      ? formatRouteJson(decision)
      : formatRouteText(decision, table, { explain: Boolean(flags.explain), color: colorOf(io, flags) }),
  );
  return loaded.partial ? EXIT.partial : EXIT.ok;
}

function frontendNamed(
  { key, frontend }: ReturnType<typeof routeTableOf>['frontends'][number],
  wanted: string,
): boolean {
  return (
    key === wanted ||
    frontend.className === wanted ||
    (frontend.type === 'gateway' &&
      (frontend.name === wanted || `${frontend.namespace}/${frontend.name}` === wanted))
  );
}

async function runExposure(paths: string[], flags: RoutingFlags, io: Io): Promise<number> {
  parseNow(flags.now);
  const loaded = await load(paths, flags, io, missingInput('exposure'));
  if (!loaded) return EXIT.usage;
  const json = exposureJson(
    exposure(routeTableOf(loaded.model), loaded.model),
    TOOL,
    loaded.problems.map(problemJson),
  );
  emit(
    io,
    flags.outputFile,
    flags.output === 'json'
      ? formatExposureJson(json)
      : formatExposureText(json, { color: colorOf(io, flags) }),
  );
  return loaded.partial ? EXIT.partial : EXIT.ok;
}

const METHOD = /^[A-Za-z]+$/;
// RFC 9110 token characters.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** `https://host[:port]/path?query` → the request the matcher takes; anything else is a usage error. */
export function parseRequest(text: string, method: string, headers: readonly string[]): RouteRequest {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(
      `"${oneLine(text)}" is not a URL: give the scheme and host, e.g. https://shop.example.com/api/x`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`"${oneLine(text)}": only http:// and https:// URLs can be routed`);
  if (url.hostname === '') throw new UsageError(`"${oneLine(text)}" has no host`);
  if (url.username !== '' || url.password !== '')
    throw new UsageError(
      `"${oneLine(text)}": leave credentials out of the URL (use --header Authorization:…)`,
    );
  if (!METHOD.test(method)) throw new UsageError(`--method: "${oneLine(method)}" is not an HTTP method`);
  const parsed: Record<string, string> = {};
  for (const header of headers) {
    const colon = header.indexOf(':');
    const name = colon === -1 ? '' : header.slice(0, colon).trim();
    if (!HEADER_NAME.test(name))
      throw new UsageError(
        `--header: "${oneLine(header)}" is not "Name: value" (e.g. --header 'X-Canary: always')`,
      );
    parsed[name] = header.slice(colon + 1).trim();
  }
  // curl's rule: a Host header replaces the URL's host.
  const hostHeader = Object.entries(parsed).find(([name]) => name.toLowerCase() === 'host')?.[1];
  return {
    method: method.toUpperCase(),
    scheme: url.protocol.slice(0, -1),
    host: hostHeader ?? url.hostname,
    path: `${url.pathname}${url.search}`,
    headers: parsed,
  };
}
