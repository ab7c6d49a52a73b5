import { describe, expect, it } from 'vitest';
import { pkceMatches } from '../../../infra/local/dev-login.ts';

describe('pkceMatches', () => {
  // RFC 7636, appendix B
  const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
  const challenge = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

  it('accepts the verifier whose S256 challenge was sent', () => {
    expect(pkceMatches(verifier, challenge)).toBe(true);
  });

  it('refuses another verifier, the challenge itself, and verifiers outside 43-128 unreserved characters', () => {
    expect(pkceMatches(`${verifier.slice(0, -1)}R`, challenge)).toBe(false);
    expect(pkceMatches(challenge, challenge)).toBe(false);
    expect(pkceMatches(verifier.slice(0, 42), challenge)).toBe(false);
    expect(pkceMatches(`${verifier}+`, challenge)).toBe(false);
  });
});
