/** Files, directories (recursive) and stdin → Resources and problems. The only file-reading source. */
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join, relative } from 'node:path';
import { ResourceCollector } from '../collect.ts';
import type { InputProblem } from '../problem.ts';
import type { Resource } from '../../model/resource.ts';
import { DEFAULT_LIMITS, parseText, type ParseLimits } from './parse.ts';

export const STDIN = '-';
const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);
/** Whole files above this are not read: far beyond any repository of manifests. */
export const MAX_FILE_BYTES = 512 * 1024 * 1024;

export interface FileInput {
  readonly resources: Resource[];
  readonly problems: InputProblem[];
  readonly skippedKinds: Map<string, number>;
  readonly filesRead: number;
  /** True when at least one file or document was read successfully. */
  readonly anythingRead: boolean;
}

export interface ReadOptions {
  readonly defaultNamespace?: string;
  readonly limits?: ParseLimits;
  readonly cwd?: string;
  readonly readStdin?: () => Promise<string>;
}

export async function readInputs(paths: readonly string[], options: ReadOptions = {}): Promise<FileInput> {
  const collector = new ResourceCollector(options.defaultNamespace);
  const cwd = options.cwd ?? process.cwd();
  let filesRead = 0;
  let documentsRead = 0;
  const files: string[] = [];
  for (const path of paths) {
    if (path === STDIN) {
      files.push(STDIN);
      continue;
    }
    try {
      const info = await stat(path);
      if (info.isDirectory()) files.push(...(await walk(path)));
      else files.push(path);
    } catch (error) {
      collector.problems.push({
        id: 'input-parse-error',
        file: path,
        line: 0,
        message: `cannot read: ${describeFsError(error)}`,
      });
    }
  }
  for (const file of files) {
    const display = file === STDIN ? '<stdin>' : relative(cwd, file) || file;
    const text = await readOne(file, display, collector.problems, options);
    if (text === undefined) continue;
    filesRead++;
    const { documents, problems } = parseText(text, display, options.limits ?? DEFAULT_LIMITS);
    collector.problems.push(...problems);
    for (const document of documents) collector.addDocument(document);
    documentsRead += documents.length;
  }
  return {
    resources: collector.resources,
    problems: collector.problems,
    skippedKinds: collector.skippedKinds,
    filesRead,
    anythingRead:
      documentsRead > 0 ||
      (filesRead > 0 &&
        collector.problems.every((p) => p.id !== 'input-parse-error' && p.id !== 'input-too-large')),
  };
}

async function readOne(
  file: string,
  display: string,
  problems: InputProblem[],
  options: ReadOptions,
): Promise<string | undefined> {
  try {
    if (file === STDIN) {
      const text = await (options.readStdin ?? readStdin)();
      return checkText(Buffer.from(text), display, problems);
    }
    const info = await stat(file);
    if (info.size > MAX_FILE_BYTES) {
      problems.push({
        id: 'input-too-large',
        file: display,
        line: 0,
        message: `file is ${info.size} bytes, more than the ${MAX_FILE_BYTES}-byte limit; not read`,
      });
      return undefined;
    }
    return checkText(await readFile(file), display, problems);
  } catch (error) {
    problems.push({
      id: 'input-parse-error',
      file: display,
      line: 0,
      message: `cannot read: ${describeFsError(error)}`,
    });
    return undefined;
  }
}

function checkText(buffer: Buffer, display: string, problems: InputProblem[]): string | undefined {
  if (buffer.subarray(0, 8192).includes(0)) {
    problems.push({
      id: 'input-parse-error',
      file: display,
      line: 1,
      message: 'binary file (contains NUL bytes); not read',
    });
    return undefined;
  }
  const text = buffer.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

async function walk(directory: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(directory, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(directory, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(path)));
    else if (entry.isFile() && MANIFEST_EXTENSIONS.has(extname(entry.name).toLowerCase())) out.push(path);
  }
  return out;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function describeFsError(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return error instanceof Error ? error.message : String(error);
}
