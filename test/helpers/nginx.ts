/**
 * A real nginx (Debian's nginx-light) for tests, configured like an ingress-nginx controller's
 * access logging: the `upstreaminfo` log_format (ingress-nginx's default), `$proxy_upstream_name`
 * set per location to `namespace-service-port`, a default server answering 404 for unknown hosts
 * (`upstream-default-backend`), and every routed host proxied to a tiny node:http backend.
 *
 * Listens on 127.0.0.1 on a free port with a temp prefix. The client address nginx logs is taken from
 * X-Forwarded-For (realip, as with ingress-nginx's use-forwarded-headers), so tests can play many
 * clients from loopback. The binary comes from GATEWATCH_TEST_NGINX, else PATH, else /usr/sbin/nginx;
 * `.ci/run` installs nginx-light when it is missing. Fails loudly when nginx cannot start.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type RequestListener, type Server } from 'node:http';
import { createConnection, createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { INGRESS_NGINX_LOG_FORMAT } from '../../src/sources/access/index.ts';

export interface NginxHost {
  /** server_name. */
  readonly host: string;
  /** `$proxy_upstream_name`, ingress-nginx style: `namespace-service-port`. */
  readonly upstreamName: string;
}

export interface NginxOptions {
  readonly hosts?: readonly NginxHost[];
  /** The backend behind every routed host; default: 200 `ok`, or the status named by `/status/NNN`. */
  readonly backend?: RequestListener;
}

export interface SentRequest {
  readonly host: string;
  readonly path: string;
  readonly method?: string;
  /** The client address nginx should log (sent as X-Forwarded-For). */
  readonly clientIp?: string;
  readonly userAgent?: string;
  readonly referer?: string;
  readonly body?: string;
}

export interface NginxResponse {
  readonly status: number;
  readonly body: string;
}

export interface NginxFixture {
  readonly port: number;
  readonly backendPort: number;
  /** The access log nginx writes, in ingress-nginx's upstreaminfo format. */
  readonly logPath: string;
  readonly hosts: readonly NginxHost[];
  send(request: SentRequest): Promise<NginxResponse>;
  /** Wait until the log holds at least `count` lines (nginx logs after the response is sent). */
  waitForLines(count: number, timeoutMs?: number): Promise<string[]>;
  stop(): Promise<void>;
}

export const DEFAULT_HOSTS: readonly NginxHost[] = [
  { host: 'shop.example.com', upstreamName: 'shop-web-80' },
  { host: 'api.example.com', upstreamName: 'shop-api-8080' },
];

const NGINX_CANDIDATES = [process.env.GATEWATCH_TEST_NGINX, '/usr/sbin/nginx'];

function findNginx(): string {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir !== '' && existsSync(join(dir, 'nginx'))) return join(dir, 'nginx');
  }
  for (const candidate of NGINX_CANDIDATES)
    if (candidate !== undefined && existsSync(candidate)) return candidate;
  throw new Error('nginx not found: install nginx-light (Debian) or set GATEWATCH_TEST_NGINX');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
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

const defaultBackend: RequestListener = (req, res) => {
  const status = /^\/status\/(\d{3})/.exec(req.url ?? '')?.[1];
  req.resume();
  req.on('end', () => {
    res.writeHead(status === undefined ? 200 : Number(status), { 'content-type': 'text/plain' });
    res.end('ok\n');
  });
};

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : 0);
    });
  });
}

/** nginx.conf for the fixture: one server per host plus the default server. */
export function nginxConfig(
  prefix: string,
  port: number,
  backendPort: number,
  hosts: readonly NginxHost[],
): string {
  const asRoot = process.getuid?.() === 0;
  const listen = `127.0.0.1:${String(port)}`;
  const servers = hosts.map(
    (host) => `
    server {
      listen ${listen};
      server_name ${host.host};
      set $proxy_alternative_upstream_name "";
      location / {
        set $proxy_upstream_name "${host.upstreamName}";
        proxy_set_header Host $host;
        proxy_pass http://127.0.0.1:${String(backendPort)};
      }
    }`,
  );
  return `${asRoot ? 'user root;\n' : ''}worker_processes 1;
daemon off;
master_process on;
pid ${join(prefix, 'nginx.pid')};
error_log ${join(prefix, 'error.log')} notice;
events { worker_connections 256; }
http {
  client_body_temp_path ${join(prefix, 'tmp', 'body')};
  proxy_temp_path ${join(prefix, 'tmp', 'proxy')};
  fastcgi_temp_path ${join(prefix, 'tmp', 'fastcgi')};
  uwsgi_temp_path ${join(prefix, 'tmp', 'uwsgi')};
  scgi_temp_path ${join(prefix, 'tmp', 'scgi')};
  server_tokens off;
  # ingress-nginx's $req_id is the request id nginx generates.
  map $request_id $req_id { default $request_id; }
  # use-forwarded-headers: the logged client is the X-Forwarded-For address.
  set_real_ip_from 127.0.0.1;
  real_ip_header X-Forwarded-For;
  log_format upstreaminfo '${INGRESS_NGINX_LOG_FORMAT}';
  access_log ${join(prefix, 'access.log')} upstreaminfo;
  server {
    listen ${listen} default_server;
    server_name _;
    set $proxy_upstream_name "upstream-default-backend";
    set $proxy_alternative_upstream_name "";
    location / { return 404; }
  }
${servers.join('\n')}
}
`;
}

async function waitForPort(port: number, child: ChildProcess, errorLog: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port }, () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => {
        resolve(false);
      });
    });
    if (open) return;
    await sleep(50);
  }
  const log = existsSync(errorLog) ? readFileSync(errorLog, 'utf8') : '';
  throw new Error(`nginx did not start on port ${String(port)} (exit ${String(child.exitCode)}):\n${log}`);
}

export async function startNginx(options: NginxOptions = {}): Promise<NginxFixture> {
  const binary = findNginx();
  const hosts = options.hosts ?? DEFAULT_HOSTS;
  const prefix = mkdtempSync(join(tmpdir(), 'gatewatch-nginx-'));
  mkdirSync(join(prefix, 'tmp'));
  const backend = createServer(options.backend ?? defaultBackend);
  const backendPort = await listen(backend);
  const port = await freePort();
  const confPath = join(prefix, 'nginx.conf');
  const errorLog = join(prefix, 'error.log');
  const logPath = join(prefix, 'access.log');
  writeFileSync(confPath, nginxConfig(prefix, port, backendPort, hosts));
  const child = spawn(binary, ['-p', prefix, '-c', confPath, '-e', errorLog], { stdio: 'ignore' });
  try {
    await waitForPort(port, child, errorLog);
  } catch (error) {
    child.kill('SIGKILL');
    backend.close();
    rmSync(prefix, { recursive: true, force: true });
    throw error;
  }
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null) resolve();
    else
      child.once('exit', () => {
        resolve();
      });
  });

  return {
    port,
    backendPort,
    logPath,
    hosts,
    send(sent: SentRequest): Promise<NginxResponse> {
      return new Promise((resolve, reject) => {
        const headers: Record<string, string> = { host: sent.host, connection: 'close' };
        if (sent.clientIp !== undefined) headers['x-forwarded-for'] = sent.clientIp;
        if (sent.userAgent !== undefined) headers['user-agent'] = sent.userAgent;
        if (sent.referer !== undefined) headers.referer = sent.referer;
        if (sent.body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
        const req = httpRequest(
          { host: '127.0.0.1', port, method: sent.method ?? 'GET', path: sent.path, headers, agent: false },
          (res) => {
            let body = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => (body += chunk));
            res.on('end', () => {
              resolve({ status: res.statusCode ?? 0, body });
            });
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end(sent.body);
      });
    },
    async waitForLines(count: number, timeoutMs = 10_000): Promise<string[]> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const text = existsSync(logPath) ? readFileSync(logPath, 'utf8') : '';
        const lines = text.split('\n').filter((line) => line !== '');
        if (lines.length >= count) return lines;
        if (Date.now() > deadline) {
          throw new Error(`nginx logged ${String(lines.length)} lines, expected ${String(count)}`);
        }
        await sleep(20);
      }
    },
    async stop(): Promise<void> {
      child.kill('SIGQUIT');
      const killed = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(killed);
      await new Promise<void>((resolve) => {
        backend.close(() => {
          resolve();
        });
      });
      rmSync(prefix, { recursive: true, force: true });
    },
  };
}
