/**
 * The console under `npm start`: built from console/ into .build/console, configured to sign in
 * at the local issuer's dev login (paths on this server) and to draw on a plain background.
 */
import { join } from 'node:path';
import { CONSOLE_BUILD_DIR } from '../../console/build.ts';
import { COGNITO_CLAIMS } from '../../shared/domain/auth.ts';
import type { ConsoleConfig } from '../../shared/domain/console-config.ts';
import { allDistricts } from '../config/districts.ts';
import { DEV_AUTHORIZE_PATH, DEV_TOKEN_PATH } from './dev-login.ts';
import { LOCAL_WEB_CLIENT_ID } from './issuer.ts';

export function localConsoleConfig(districtCode: string): ConsoleConfig {
  const district = allDistricts.find((d) => d.code === districtCode && d.stage === 'prod');
  return {
    district: { code: districtCode, name: district?.name ?? { zh: districtCode, en: districtCode } },
    timeZone: district?.timeZone ?? 'Asia/Shanghai',
    auth: {
      authorizeUrl: DEV_AUTHORIZE_PATH,
      tokenUrl: DEV_TOKEN_PATH,
      clientId: LOCAL_WEB_CLIENT_ID,
      scope: 'openid profile',
      claims: { groups: COGNITO_CLAIMS.groups, centerId: COGNITO_CLAIMS.centerId },
    },
    // offline: no tile server, the data on a plain background
    basemap: null,
  };
}

/** The variables the platform function reads for the console. */
export function localConsoleEnv(rootDir: string, districtCode: string): Record<string, string> {
  return {
    CONSOLE_CONFIG: JSON.stringify(localConsoleConfig(districtCode)),
    CONSOLE_ASSETS_DIR: join(rootDir, CONSOLE_BUILD_DIR),
  };
}
