/**
 * Manifests as a git commit holds them: `git:REF[:PATH]` read through `git` itself — `rev-parse` for the
 * commit, `ls-tree` for the files under PATH, `cat-file --batch` for their contents — so neither the work
 * tree nor the index is touched (the branch checked out, uncommitted edits and untracked files are all
 * irrelevant). Files are chosen as a directory read chooses them (.yaml, .yml, .json; no hidden
 * directories) and parsed by the same parser, so a baseline reads the same from a directory or a commit.
 */
import { spawn } from 'node:child_process';
import { extname } from 'node:path';
import { ResourceCollector } from '../collect.ts';
import { DEFAULT_LIMITS, parseText } from '../files/parse.ts';
import { MAX_FILE_BYTES, type FileInput } from '../files/read.ts';

export const GIT_PREFIX = 'git:';
const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

export interface GitSource {
  readonly ref: string;
  /** Relative to the directory git runs in; undefined: the whole tree. */
  readonly path: string | undefined;
}

export class GitSourceError extends Error {}

/** `git:REF` or `git:REF:PATH`; undefined when `spec` is not a git source. */
export function parseGitSource(spec: string): GitSource | undefined {
  if (!spec.startsWith(GIT_PREFIX)) return undefined;
  const rest = spec.slice(GIT_PREFIX.length);
  const colon = rest.indexOf(':');
  const ref = colon === -1 ? rest : rest.slice(0, colon);
  const path = colon === -1 ? undefined : rest.slice(colon + 1);
  if (ref === '' || ref.startsWith('-'))
    throw new GitSourceError(`"${spec}": name a commit, e.g. git:HEAD~1:deploy or git:origin/main`);
  return { ref, path: path === '' ? undefined : path };
}

export interface GitReadOptions {
  /** Where git runs (inside the repository). */
  readonly cwd: string;
  readonly defaultNamespace?: string;
}

export async function readGitSource(source: GitSource, options: GitReadOptions): Promise<FileInput> {
  const commit = (
    await runGit(
      ['rev-parse', '--verify', '--quiet', '--end-of-options', `${source.ref}^{commit}`],
      options.cwd,
    )
  )
    .toString('utf8')
    .trim();
  const listing = await runGit(
    ['ls-tree', '-r', '-z', '--full-name', commit, '--', ...(source.path === undefined ? [] : [source.path])],
    options.cwd,
  );
  const blobs = parseTree(listing);
  const collector = new ResourceCollector(options.defaultNamespace);
  const display = (path: string): string => `${GIT_PREFIX}${source.ref}:${path}`;
  let documentsRead = 0;
  let filesRead = 0;
  const contents =
    blobs.length === 0
      ? []
      : await readBlobs(
          blobs.map((b) => b.oid),
          options.cwd,
        );
  blobs.forEach((blob, index) => {
    const content = contents[index];
    if (content === undefined) return;
    const file = display(blob.path);
    if (content.length > MAX_FILE_BYTES) {
      collector.problems.push({
        id: 'input-too-large',
        file,
        line: 0,
        message: 'file is larger than the limit; not read',
      });
      return;
    }
    filesRead++;
    const text = content.toString('utf8');
    const { documents, problems } = parseText(
      text.charCodeAt(0) === 0xfeff ? text.slice(1) : text,
      file,
      DEFAULT_LIMITS,
    );
    collector.problems.push(...problems);
    for (const document of documents) collector.addDocument(document);
    documentsRead += documents.length;
  });
  return {
    resources: collector.resources,
    problems: collector.problems,
    skippedKinds: collector.skippedKinds,
    filesRead,
    anythingRead: documentsRead > 0,
  };
}

interface TreeBlob {
  readonly oid: string;
  readonly path: string;
}

/** `ls-tree -z` lines: `<mode> <type> <oid>\t<path>\0`; regular files with manifest extensions only. */
function parseTree(listing: Buffer): TreeBlob[] {
  const out: TreeBlob[] = [];
  for (const line of listing.toString('utf8').split('\0')) {
    const tab = line.indexOf('\t');
    if (tab === -1) continue;
    const [mode, type, oid] = line.slice(0, tab).split(' ');
    const path = line.slice(tab + 1);
    if (type !== 'blob' || mode === '120000' || oid === undefined) continue;
    if (path.split('/').some((segment) => segment.startsWith('.') || segment === 'node_modules')) continue;
    if (MANIFEST_EXTENSIONS.has(extname(path).toLowerCase())) out.push({ oid, path });
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** `cat-file --batch`: for each oid, `<oid> blob <size>\n<content>\n`. */
async function readBlobs(oids: readonly string[], cwd: string): Promise<Buffer[]> {
  const output = await runGit(['cat-file', '--batch'], cwd, `${oids.join('\n')}\n`);
  const out: Buffer[] = [];
  let offset = 0;
  for (let i = 0; i < oids.length; i++) {
    const headerEnd = output.indexOf(0x0a, offset);
    if (headerEnd === -1) throw new GitSourceError('git cat-file: output ended early');
    const header = output.subarray(offset, headerEnd).toString('utf8').split(' ');
    const size = Number(header[2]);
    if (header[1] !== 'blob' || !Number.isInteger(size))
      throw new GitSourceError(`git cat-file: unexpected "${header.join(' ')}"`);
    out.push(output.subarray(headerEnd + 1, headerEnd + 1 + size));
    offset = headerEnd + 1 + size + 1;
  }
  return out;
}

function runGit(args: readonly string[], cwd: string, input?: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // GIT_OPTIONAL_LOCKS=0: not even the index stat cache is refreshed; nothing in .git is written.
    const child = spawn('git', ['-c', 'core.quotePath=off', ...args], {
      cwd,
      env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(
        new GitSourceError(error.code === 'ENOENT' ? 'git is not installed (not on PATH)' : error.message),
      );
    });
    child.on('close', (code) => {
      if (code === 0) {
        resolve(Buffer.concat(stdout));
        return;
      }
      const message = Buffer.concat(stderr).toString('utf8').trim().split('\n')[0] ?? '';
      if (args[0] === 'rev-parse')
        reject(
          new GitSourceError(
            `"${args.at(-1)?.replace(/\^\{commit\}$/, '') ?? ''}" is not a commit here${message ? ` (${message})` : ''}`,
          ),
        );
      else
        reject(new GitSourceError(`git ${args[0] ?? ''} failed: ${message || `exit code ${String(code)}`}`));
    });
    // git may exit before reading its input (a bad ref): its exit status tells why, not the EPIPE.
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ?? '');
  });
}
