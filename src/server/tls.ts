/**
 * The serving certificate: read from `--tls-cert-file` / `--tls-private-key-file` (and the client CA
 * of `--client-ca-file`), and reloaded when the files change, without a restart and without dropping
 * connections: new handshakes get the new certificate through `server.setSecureContext`.
 *
 * Kubernetes updates a mounted Secret by swapping a symlink (`..data`) in the volume's directory, so
 * the directories are watched, not the files (a watch on a file follows the old inode), and a slow
 * poll backs the watch up on file systems where fs.watch says nothing. A pair that does not load (a
 * certificate written before its key) keeps the old one in place until the next change.
 */
import { watch, readFileSync, type FSWatcher } from 'node:fs';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { dirname } from 'node:path';

export interface TlsFiles {
  readonly certFile: string;
  readonly keyFile: string;
  readonly clientCaFile?: string | undefined;
}

export interface TlsMaterialFiles {
  readonly cert: string;
  readonly key: string;
  readonly ca?: string;
  /** Milliseconds since the epoch when the leaf certificate expires. */
  readonly notAfter: number;
}

export class TlsFileError extends Error {}

function read(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new TlsFileError(`${what} ${file}: ${code === 'ENOENT' ? 'no such file' : 'cannot be read'}`);
  }
}

/** Reads and checks the files: a certificate, a private key that matches it, a CA bundle. */
export function readTlsFiles(files: TlsFiles): TlsMaterialFiles {
  const cert = read(files.certFile, '--tls-cert-file');
  const key = read(files.keyFile, '--tls-private-key-file');
  let leaf: X509Certificate;
  try {
    leaf = new X509Certificate(cert);
  } catch {
    throw new TlsFileError(`--tls-cert-file ${files.certFile}: not a PEM certificate`);
  }
  try {
    if (!leaf.checkPrivateKey(createPrivateKey(key)))
      throw new TlsFileError(`--tls-private-key-file ${files.keyFile}: not the key of the certificate`);
  } catch (error) {
    if (error instanceof TlsFileError) throw error;
    throw new TlsFileError(`--tls-private-key-file ${files.keyFile}: not a PEM private key`);
  }
  const ca = files.clientCaFile === undefined ? undefined : read(files.clientCaFile, '--client-ca-file');
  if (ca !== undefined) {
    try {
      new X509Certificate(ca);
    } catch {
      throw new TlsFileError(`--client-ca-file ${files.clientCaFile ?? ''}: not a PEM certificate`);
    }
  }
  return { cert, key, ...(ca === undefined ? {} : { ca }), notAfter: Date.parse(leaf.validTo) };
}

/**
 * Calls `onChange` (debounced) when any of the files may have changed: directory watches plus a poll.
 * Returns the function that stops watching.
 */
export function watchFiles(files: readonly string[], onChange: () => void, pollMs = 60_000): () => void {
  const watchers: FSWatcher[] = [];
  let pending: NodeJS.Timeout | undefined;
  const changed = (): void => {
    if (pending) clearTimeout(pending);
    pending = setTimeout(onChange, 100);
    pending.unref();
  };
  for (const directory of new Set(files.map((file) => dirname(file)))) {
    try {
      const watcher = watch(directory, { persistent: false }, changed);
      watcher.on('error', () => undefined);
      watchers.push(watcher);
    } catch {
      // Not watchable here: the poll below still notices changes.
    }
  }
  const poll = setInterval(changed, pollMs);
  poll.unref();
  return () => {
    for (const watcher of watchers) watcher.close();
    clearInterval(poll);
    if (pending) clearTimeout(pending);
  };
}
