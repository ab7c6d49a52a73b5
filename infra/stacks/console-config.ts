/**
 * The console's configuration for a district's platform function (CONSOLE_CONFIG): sign-in at
 * the district's issuer with authorization code + PKCE, and the basemap of its config.
 */
import { COGNITO_CLAIMS } from '../../shared/domain/auth.ts';
import type { ConsoleConfig } from '../../shared/domain/console-config.ts';
import type { DistrictConfig } from '../config/districts.ts';
import type { DistrictIdentity } from './district-data-stack.ts';

export function consoleConfigFor(
  district: DistrictConfig,
  identity: DistrictIdentity,
  region: string,
): ConsoleConfig {
  const settings = district.console;
  let auth: ConsoleConfig['auth'] = null;
  if (district.auth.kind === 'cognito' && identity.userPool !== undefined) {
    // the user pool's hosted UI (its domain is regional; Cognito exists only in the aws partition)
    const domain = `https://${district.auth.domainPrefix}.auth.${region}.amazoncognito.com`;
    auth = {
      authorizeUrl: `${domain}/oauth2/authorize`,
      tokenUrl: `${domain}/oauth2/token`,
      clientId: identity.userPool.webClient.userPoolClientId,
      scope: 'openid email profile',
      claims: { ...COGNITO_CLAIMS },
    };
  } else if (district.auth.kind === 'oidc' && settings?.oidcClient !== undefined) {
    auth = {
      authorizeUrl: settings.oidcClient.authorizeUrl,
      tokenUrl: settings.oidcClient.tokenUrl,
      clientId: settings.oidcClient.clientId,
      scope: settings.oidcClient.scope ?? 'openid',
      claims: { ...district.auth.claims },
    };
  }
  return {
    district: { code: district.code, name: { zh: district.name.zh, en: district.name.en } },
    timeZone: district.timeZone,
    auth,
    basemap:
      settings?.tileUrl === undefined
        ? null
        : {
            url: settings.tileUrl,
            attribution: settings.tileAttribution ?? '',
            coordinates: settings.tileCoordinates ?? 'wgs84',
          },
  };
}
