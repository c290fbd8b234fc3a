/**
 * A throwaway PostgreSQL cluster for tests: initdb in a temp dir, started on 127.0.0.1 on a free
 * port, torn down afterwards. Binaries come from GATEWATCH_TEST_PG_BIN (set by .ci/run), else from
 * PATH, else /usr/lib/postgresql/<version>/bin. initdb refuses to run as root, so as root the
 * cluster is owned by and run as the `postgres` user (runuser). Fails loudly when PostgreSQL cannot
 * start: the contract suite must run on it, never skip.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface PostgresCluster {
  /** Connection URL of a new, empty database in the cluster. */
  createDatabase(): Promise<string>;
  stop(): void;
}

function findBinDir(): string {
  const candidates = [
    process.env.GATEWATCH_TEST_PG_BIN,
    ...(process.env.PATH ?? '').split(':'),
    ...(existsSync('/usr/lib/postgresql')
      ? readdirSync('/usr/lib/postgresql')
          .sort()
          .reverse()
          .map((version) => `/usr/lib/postgresql/${version}/bin`)
      : []),
  ];
  for (const dir of candidates) {
    if (
      dir !== undefined &&
      dir !== '' &&
      existsSync(join(dir, 'initdb')) &&
      existsSync(join(dir, 'pg_ctl'))
    ) {
      return dir;
    }
  }
  throw new Error(
    'PostgreSQL binaries (initdb, pg_ctl) not found: install postgresql (Debian: postgresql-15) or set GATEWATCH_TEST_PG_BIN',
  );
}

function freePort(): Promise<number> {
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

function userIds(name: string): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

export async function startPostgres(): Promise<PostgresCluster> {
  const bin = findBinDir();
  const dir = mkdtempSync(join(tmpdir(), 'gatewatch-pg-'));
  const data = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  const osUser = process.env.GATEWATCH_TEST_PG_USER ?? 'postgres';
  if (asRoot) {
    const { uid, gid } = userIds(osUser);
    chmodSync(dir, 0o700);
    chownSync(dir, uid, gid);
  }
  const run = (tool: string, args: string[]): void => {
    const command = asRoot ? 'runuser' : join(bin, tool);
    const fullArgs = asRoot ? ['-u', osUser, '--', join(bin, tool), ...args] : args;
    try {
      execFileSync(command, fullArgs, { stdio: 'pipe', cwd: dir });
    } catch (error) {
      const detail = error as { stderr?: Buffer; stdout?: Buffer; message: string };
      throw new Error(
        `${tool} failed: ${detail.message}\n${detail.stdout?.toString() ?? ''}${detail.stderr?.toString() ?? ''}`,
        { cause: error },
      );
    }
  };
  const port = await freePort();
  run('initdb', ['-D', data, '-U', 'gatewatch', '--auth=trust', '-E', 'UTF8', '--no-sync', '--locale=C']);
  const options = `-p ${String(port)} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
  run('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-o', options, '-w', '-t', '60', 'start']);
  const admin = `postgres://gatewatch@127.0.0.1:${String(port)}/postgres`;
  let databases = 0;
  return {
    async createDatabase(): Promise<string> {
      const name = `ledger_${String(process.pid)}_${String(++databases)}`;
      const client = new pg.Client({ connectionString: admin });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return `postgres://gatewatch@127.0.0.1:${String(port)}/${name}`;
    },
    stop(): void {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
