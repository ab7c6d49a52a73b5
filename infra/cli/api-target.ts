/**
 * Which API a command-line tool talks to and with which token: a flag, else the environment
 * (PMSC_API_URL, PMSC_TOKEN), else the local runtime, whose issuer mints an admin token. A
 * deployed API always needs a token of its own.
 */
import { createLocalIssuer } from '../local/issuer.ts';
import { localKeysDir } from '../local/manifest-source.ts';

const LOOPBACK = ['127.0.0.1', 'localhost', '::1', '[::1]'];

export function apiBaseUrl(flag: string | undefined): string {
  return (flag ?? process.env.PMSC_API_URL ?? 'http://127.0.0.1:3000').replace(/\/+$/, '');
}

/** The token to send to `url`; undefined for a deployed API without a token (the caller says so). */
export async function adminTokenFor(url: string, flag: string | undefined): Promise<string | undefined> {
  const given = flag ?? process.env.PMSC_TOKEN;
  if (given) return given;
  if (!LOOPBACK.includes(new URL(url).hostname)) return undefined;
  const issuer = await createLocalIssuer({ keysDir: localKeysDir });
  return issuer.mintToken({ role: 'admin' });
}
