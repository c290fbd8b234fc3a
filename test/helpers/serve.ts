/**
 * Helpers for `serve` tests: a PKI made with openssl (a CA, a server certificate for 127.0.0.1, a
 * client certificate the CA signed and one another CA signed), HTTPS requests that trust that CA, and
 * `bin/gatewatch.js serve` as a child process (for kill -9 tests) that says when it listens.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface ServePki {
  readonly dir: string;
  readonly caCert: string;
  /** Files, for the serve flags. */
  readonly files: {
    readonly ca: string;
    readonly serverCert: string;
    readonly serverKey: string;
    readonly clientCert: string;
    readonly clientKey: string;
    readonly rogueCert: string;
    readonly rogueKey: string;
  };
}

let cached: ServePki | undefined;

/** Made once per process (openssl takes a moment). */
export function servePki(): ServePki {
  if (cached) return cached;
  const dir = mkdtempSync(join(tmpdir(), 'gatewatch-serve-pki-'));
  const run = (...args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  };
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  const ca = (name: string): void => {
    run(
      'req',
      '-x509',
      ...ec,
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.crt`,
      '-days',
      '2',
      '-subj',
      `/CN=${name}`,
    );
  };
  const leaf = (name: string, issuer: string, ext: string): void => {
    writeFileSync(join(dir, `${name}.ext`), ext);
    run('req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
    run(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      `${issuer}.crt`,
      '-CAkey',
      `${issuer}.key`,
      '-CAcreateserial',
      '-days',
      '2',
      '-out',
      `${name}.crt`,
      '-extfile',
      `${name}.ext`,
    );
  };
  ca('ca');
  ca('rogue-ca');
  leaf('server', 'ca', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  leaf('apiserver', 'ca', 'extendedKeyUsage=clientAuth\n');
  leaf('rogue', 'rogue-ca', 'extendedKeyUsage=clientAuth\n');
  const path = (file: string): string => join(dir, file);
  cached = {
    dir,
    caCert: readFileSync(path('ca.crt'), 'utf8'),
    files: {
      ca: path('ca.crt'),
      serverCert: path('server.crt'),
      serverKey: path('server.key'),
      clientCert: path('apiserver.crt'),
      clientKey: path('apiserver.key'),
      rogueCert: path('rogue.crt'),
      rogueKey: path('rogue.key'),
    },
  };
  return cached;
}

export interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the shape it expects
  json<T = unknown>(): T;
}

export interface RequestOptions {
  readonly method?: string;
  readonly body?: string | Buffer;
  readonly headers?: Record<string, string>;
  /** Client certificate and key (PEM file paths). */
  readonly client?: { readonly cert: string; readonly key: string };
  readonly timeoutMs?: number;
}

/** One request on a new connection (no keep-alive), trusting the test CA. */
export function send(url: string, options: RequestOptions = {}): Promise<Answer> {
  const target = new URL(url);
  const pki = target.protocol === 'https:' ? servePki() : undefined;
  return new Promise((resolve, reject) => {
    const make = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = make(
      target,
      {
        method: options.method ?? 'GET',
        headers: {
          ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...options.headers,
        },
        agent: false,
        timeout: options.timeoutMs ?? 30_000,
        ...(pki ? { ca: pki.caCert } : {}),
        ...(options.client
          ? { cert: readFileSync(options.client.cert), key: readFileSync(options.client.key) }
          : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text,
            // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- as above
            json: <T>() => JSON.parse(text) as T,
          });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => {
        resolve(port);
      });
    });
  });
}

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'gatewatch.js');

export interface ServeProcess {
  readonly child: ChildProcess;
  readonly url: string;
  /** Log lines seen so far (JSON). */
  readonly logs: string[];
  /** Resolves with the exit code (or signal) when the process ends. */
  readonly exited: Promise<number | NodeJS.Signals | null>;
}

/** Spawns `gatewatch serve ARGS` and resolves once it logs "listening". */
export function spawnServe(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<ServeProcess> {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  const logs: string[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) => {
    child.on('exit', (code, signal) => {
      resolve(code ?? signal);
    });
  });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      logs.push(line);
      try {
        const entry = JSON.parse(line) as { msg?: string; url?: string };
        if (entry.msg === 'listening' && entry.url) resolve({ child, url: entry.url, logs, exited });
      } catch {
        // not a log line
      }
    });
    void exited.then((code) => {
      reject(new Error(`serve exited (${String(code)}) before listening: ${stderr}`));
    });
  });
}

/** SIGKILL, and wait until the process is gone. */
export async function killHard(server: ServeProcess): Promise<void> {
  server.child.kill('SIGKILL');
  await server.exited;
}

/** SIGTERM, and wait for the exit code. */
export async function stopGently(server: ServeProcess): Promise<number | NodeJS.Signals | null> {
  server.child.kill('SIGTERM');
  return server.exited;
}
