import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLocalIssuer, stringifyClaims } from '../../../infra/local/issuer.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('stringifyClaims', () => {
  it('passes every claim as a string, arrays as "[a b]"', () => {
    expect(
      stringifyClaims({ sub: 'u', exp: 123, flag: true, 'cognito:groups': ['staff', 'admin'], n: null }),
    ).toEqual({
      sub: 'u',
      exp: '123',
      flag: 'true',
      'cognito:groups': '[staff admin]',
    });
  });
});

describe('local issuer', () => {
  it('keeps its key under keysDir, so tokens survive a restart', async () => {
    const keysDir = mkdtempSync(join(tmpdir(), 'pmsc-keys-'));
    dirs.push(keysDir);
    const first = await createLocalIssuer({ keysDir });
    const token = await first.mintToken({ role: 'admin' });

    const second = await createLocalIssuer({ keysDir });
    const result = await second.verify(`Bearer ${token}`);

    expect(result).toMatchObject({ ok: true, claims: { 'cognito:groups': '[admin]', token_use: 'id' } });
    expect(statSync(join(keysDir, 'issuer-es256.private.jwk.json')).mode & 0o077).toBe(0);
  });

  it('does not accept a token of another (ephemeral) issuer key', async () => {
    const [a, b] = await Promise.all([createLocalIssuer(), createLocalIssuer()]);

    const result = await b.verify(`Bearer ${await a.mintToken({ role: 'resident' })}`);

    expect(result.ok).toBe(false);
  });

  it('requires a center for staff tokens', async () => {
    const issuer = await createLocalIssuer();

    await expect(issuer.mintToken({ role: 'staff' })).rejects.toThrow(/centerId/);
  });

  it('mints machine tokens with resource-server scopes and no audience', async () => {
    const issuer = await createLocalIssuer();

    const result = await issuer.verify(await issuer.mintMachineToken({ scopes: ['menus:push', 'other/x'] }));

    expect(result).toMatchObject({ ok: true, scopes: ['pmsc/menus:push', 'other/x'] });
    expect(result.ok && result.payload.aud).toBeUndefined();
  });
});

describe('verify', () => {
  it('refuses a token without exp, as the JWT authorizer does', async () => {
    const issuer = await createLocalIssuer();
    const forever = await issuer.sign(
      { sub: 'u1', aud: 'local-web-client', token_use: 'id' },
      { expiresIn: null },
    );
    expect(await issuer.verify(`Bearer ${forever}`)).toEqual({
      ok: false,
      detail: expect.stringMatching(/"exp"/),
    });
    const expiring = await issuer.sign({ sub: 'u1', aud: 'local-web-client', token_use: 'id' });
    expect((await issuer.verify(`Bearer ${expiring}`)).ok).toBe(true);
  });

  it('refuses an access token that carries no scope', async () => {
    const issuer = await createLocalIssuer();
    const bare = await issuer.sign({ sub: 'm1', client_id: 'local-machine-client', token_use: 'access' });
    expect(await issuer.verify(`Bearer ${bare}`)).toEqual({
      ok: false,
      detail: 'an access token must carry a scope',
    });
    expect((await issuer.verify(`Bearer ${await issuer.mintMachineToken()}`)).ok).toBe(true);
  });
});
