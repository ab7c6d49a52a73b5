/**
 * `npm run token -- --role staff --center <id>`: prints a dev token signed with the local issuer's
 * key (.local/keys, created if absent), accepted by `npm start` whatever its port.
 */
import { parseArgs } from 'node:util';
import type { UserRole } from './issuer.ts';
import { createLocalIssuer, DEFAULT_TOKEN_LIFETIME, USER_ROLES } from './issuer.ts';
import { localKeysDir } from './manifest-source.ts';

const USAGE = `Usage: npm run -s token -- --role <resident|staff|admin|machine> [options]

  --role <role>       resident, staff, admin, or machine (a menus:push client token)
  --center <id>       the staff member's center (custom:center_id); required for staff
  --sub <id>          subject (default: a fixed id per role)
  --name <name>       display name
  --expires <span>    lifetime, e.g. 30m, 12h, 7d (default ${DEFAULT_TOKEN_LIFETIME})
  --scope <scope>     machine scope, repeatable (default menus:push)

Prints only the token, e.g.: TOKEN=$(npm run -s token -- --role admin)`;

const usageError = (message: string): never => {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
};

const parse = () => {
  try {
    return parseArgs({
      options: {
        role: { type: 'string' },
        center: { type: 'string' },
        sub: { type: 'string' },
        name: { type: 'string' },
        expires: { type: 'string' },
        scope: { type: 'string', multiple: true },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }).values;
  } catch (error) {
    return usageError((error as Error).message);
  }
};

const args = parse();
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
if (
  args.expires !== undefined &&
  !/^\d+\s*(s|sec|secs|m|min|mins|h|hr|hrs|d|days?|w|weeks?)$/i.test(args.expires)
) {
  usageError(`--expires must be a time span such as 30m, 12h or 7d, got "${args.expires}"`);
}

const issuer = await createLocalIssuer({ keysDir: localKeysDir });
const expiresIn = args.expires ?? DEFAULT_TOKEN_LIFETIME;

if (args.role === 'machine') {
  console.log(await issuer.mintMachineToken({ expiresIn, ...(args.scope ? { scopes: args.scope } : {}) }));
} else if (args.role !== undefined && (USER_ROLES as readonly string[]).includes(args.role)) {
  const role = args.role as UserRole;
  if (role === 'staff' && args.center === undefined)
    usageError('--center <centerId> is required for --role staff');
  console.log(
    await issuer.mintToken({
      role,
      expiresIn,
      ...(args.center === undefined ? {} : { centerId: args.center }),
      ...(args.sub === undefined ? {} : { sub: args.sub }),
      ...(args.name === undefined ? {} : { name: args.name }),
    }),
  );
} else {
  usageError(args.role === undefined ? '--role is required' : `Unknown role "${args.role}"`);
}
