/**
 * Secrets by reference: `env:NAME` reads an environment variable (the local runtime),
 * `secretsmanager:<name or ARN>` reads AWS Secrets Manager (the stack grants that one secret).
 * Values are cached for the life of the process; the SDK client is loaded only when needed.
 */
const cache = new Map<string, Promise<string>>();

export function resolveSecret(reference: string): Promise<string> {
  let value = cache.get(reference);
  if (!value) {
    value = read(reference);
    value.catch(() => cache.delete(reference));
    cache.set(reference, value);
  }
  return value;
}

async function read(reference: string): Promise<string> {
  const [kind, ...rest] = reference.split(':');
  const id = rest.join(':');
  if (kind === 'env') {
    const value = process.env[id];
    if (!value) throw new Error(`secret ${reference}: environment variable ${id} is not set`);
    return value;
  }
  if (kind === 'secretsmanager') {
    const { GetSecretValueCommand, SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
    const client = new SecretsManagerClient({});
    try {
      const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: id }));
      if (!SecretString) throw new Error(`secret ${reference} has no string value`);
      return SecretString;
    } finally {
      client.destroy();
    }
  }
  throw new Error(`secret reference ${reference}: use env:NAME or secretsmanager:<id>`);
}
