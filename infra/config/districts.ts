/**
 * Per-district deployment settings. Each district is two CloudFormation stacks (data, app), and
 * everything that differs between districts lives here as data, checked by `checkDistrict`
 * before anything is synthesized.
 */
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { isKnownRegion, type Partition, regionFacts } from './regions.ts';

export interface LocalizedName {
  readonly zh: string;
  readonly en: string;
}

export interface ApiThrottle {
  /** Steady-state requests per second for the whole stage. */
  readonly rateLimit: number;
  /** Burst bucket size; at least the rate limit. */
  readonly burstLimit: number;
}

/** Identities in a Cognito user pool of the district's own (regions that offer user pools). */
export interface CognitoAuthConfig {
  readonly kind: 'cognito';
  /** Prefix of the Cognito hosted domain (`<prefix>.auth.<region>.amazoncognito.com`): globally unique per region. */
  readonly domainPrefix: string;
  /** Redirect targets of the web app client after the hosted sign-in. */
  readonly callbackUrls: readonly string[];
  readonly logoutUrls: readonly string[];
  /** Whether residents may sign themselves up; otherwise users are created by an admin. */
  readonly selfSignUp: boolean;
  /**
   * Sender of the pool's mails (verification, email MFA codes) through Amazon SES: an identity
   * verified in SES in the district's region before the first deploy.
   */
  readonly emailFrom: string;
}

/**
 * Identities from an external OpenID Connect issuer (the AWS China regions, which have no Cognito
 * user pools): the JWT authorizer trusts `issuerUrl`, and the functions read roles and the staff
 * center from the claims named here.
 */
export interface OidcAuthConfig {
  readonly kind: 'oidc';
  /** `iss` of the tokens; `<issuerUrl>/.well-known/openid-configuration` must be reachable by API Gateway. */
  readonly issuerUrl: string;
  /** Accepted `aud` (ID tokens) / `client_id` (access tokens) values. */
  readonly audience: readonly string[];
  readonly claims: {
    /** Claim holding the role groups (`resident`, `staff`, `admin`). */
    readonly groups: string;
    /** Claim holding the center staff work at. */
    readonly centerId: string;
  };
}

export type DistrictAuthConfig = CognitoAuthConfig | OidcAuthConfig;

/**
 * A district stack a city stack pushes menus to (a city deploys like a district, its tree holding
 * the city center). The district registers the city as a machine client (a Cognito app client
 * with client credentials and the `pmsc/menus:push` scope, or a client of its external issuer
 * in China) and hands over the client id and secret; the secret is kept in Secrets Manager in
 * the city's account and named here, never written. See docs/menus.md.
 */
export interface ChildDistrictConfig {
  /** The district's division code, e.g. `310113`: what a push names in `targetDistricts`. */
  readonly code: string;
  /** Base URL of the district's HTTP API (its stage URL or custom domain). */
  readonly apiUrl: string;
  /** The center at the root of the district's tree: pushes land at `POST /centers/<it>/menus`. */
  readonly rootCenterId: string;
  /** The district's OAuth token endpoint (Cognito: `https://<domain>/oauth2/token`). */
  readonly tokenUrl: string;
  readonly clientId: string;
  /** Name of the Secrets Manager secret (in the city's account and region) holding the client secret. */
  readonly clientSecretName: string;
}

/** What to use where the region does not offer a feature (see `infra/config/regions.ts`). */
export interface DistrictFallbacks {
  /** Lambda architecture where the region has no arm64. @default arm64 */
  readonly architecture?: 'arm64' | 'x86_64';
  /** `disabled` where Lambda has no X-Ray integration (China). @default active */
  readonly tracing?: 'active' | 'disabled';
}

/**
 * The network console of a district (docs/console.md). Without a basemap it draws on a plain
 * background; a Cognito district signs in through its user pool's hosted UI, an OIDC district
 * through `oidcClient` (no console sign-in without it).
 */
export interface ConsoleSettings {
  /** Raster tile URL template (`https://.../{z}/{x}/{y}.png`) of a basemap. @default none */
  readonly tileUrl?: string;
  /** Attribution the basemap's terms require. */
  readonly tileAttribution?: string;
  /** Datum of the basemap: `gcj02` for the Chinese mapping services. @default wgs84 */
  readonly tileCoordinates?: 'wgs84' | 'gcj02';
  /** The console's public client (no secret) at an external OIDC issuer, and the issuer's endpoints. */
  readonly oidcClient?: {
    readonly clientId: string;
    readonly authorizeUrl: string;
    readonly tokenUrl: string;
    /** @default `openid` */
    readonly scope?: string;
  };
}

export interface DistrictConfig {
  /** Official 6-digit administrative division code (GB/T 2260), e.g. `310113`. */
  readonly code: string;
  /** `prod` serves residents; `dev` is an engineer's copy (localhost front ends allowed, no pinning). */
  readonly stage: 'prod' | 'dev';
  readonly name: LocalizedName;
  /** PascalCase ASCII label used in the stack names (`Pmsc-<code>-<slug>-Data` / `-App`). */
  readonly slug: string;
  readonly city: LocalizedName & { readonly code: string };
  /** Target account: required for `prod`; a `dev` district defaults to the CLI's credentials. */
  readonly account?: string;
  /** Target region (one of `infra/config/regions.ts`): required for `prod`. */
  readonly region?: string;
  /** IANA time zone of the district's centers. */
  readonly timeZone: string;
  /** Retention of every log group (functions and API access logs): at least 180 days. */
  readonly logRetention: RetentionDays;
  readonly api: {
    readonly throttle: ApiThrottle;
    /** Origins allowed by CORS (the front ends of this district); `localhost` only in `dev`. */
    readonly corsOrigins: readonly string[];
  };
  readonly auth: DistrictAuthConfig;
  /** Subscribed to the alarm topic; a `prod` district needs at least one. */
  readonly alarmEmails: readonly string[];
  /** City stacks: the district stacks its menus are pushed to. @default none */
  readonly childDistricts?: readonly ChildDistrictConfig[];
  /** Most concurrent executions each queue consumer may take. @default 5 */
  readonly consumerConcurrency?: number;
  readonly fallbacks?: DistrictFallbacks;
  /** The network console's basemap and, for an OIDC district, its client. @default plain background */
  readonly console?: ConsoleSettings;
}

/** CloudWatch Logs retention required of every district (China's Cybersecurity Law: six months). */
export const MIN_LOG_RETENTION_DAYS = 180;
export const DEFAULT_CONSUMER_CONCURRENCY = 5;

const shanghai = { code: '310000', zh: '上海市', en: 'Shanghai' } as const;

/** Example account ids: one per partition for the Shanghai districts (docs/deployment.md). */
const SHANGHAI_GLOBAL_ACCOUNT = '402873015592';
const SHANGHAI_CHINA_ACCOUNT = '061905334718';

const shanghaiOps = ['ops@pmsc.example.cn'] as const;

export const districts = {
  '310104': {
    code: '310104',
    stage: 'prod',
    name: { zh: '徐汇区', en: 'Xuhui District' },
    slug: 'Xuhui',
    city: shanghai,
    account: SHANGHAI_GLOBAL_ACCOUNT,
    region: 'ap-southeast-1',
    timeZone: 'Asia/Shanghai',
    logRetention: RetentionDays.SIX_MONTHS,
    api: {
      throttle: { rateLimit: 50, burstLimit: 100 },
      corsOrigins: ['https://xuhui.pmsc.example.cn'],
    },
    auth: {
      kind: 'cognito',
      domainPrefix: 'pmsc-310104-xuhui',
      callbackUrls: ['https://xuhui.pmsc.example.cn/auth/callback'],
      logoutUrls: ['https://xuhui.pmsc.example.cn/'],
      selfSignUp: false,
      emailFrom: 'no-reply@xuhui.pmsc.example.cn',
    },
    alarmEmails: shanghaiOps,
  },
  '310113': {
    code: '310113',
    stage: 'prod',
    name: { zh: '宝山区', en: 'Baoshan District' },
    slug: 'Baoshan',
    city: shanghai,
    account: SHANGHAI_GLOBAL_ACCOUNT,
    region: 'ap-southeast-1',
    timeZone: 'Asia/Shanghai',
    logRetention: RetentionDays.SIX_MONTHS,
    api: {
      throttle: { rateLimit: 100, burstLimit: 200 },
      corsOrigins: ['https://baoshan.pmsc.example.cn'],
    },
    auth: {
      kind: 'cognito',
      domainPrefix: 'pmsc-310113-baoshan',
      callbackUrls: ['https://baoshan.pmsc.example.cn/auth/callback'],
      logoutUrls: ['https://baoshan.pmsc.example.cn/'],
      selfSignUp: false,
      emailFrom: 'no-reply@baoshan.pmsc.example.cn',
    },
    alarmEmails: [...shanghaiOps, 'baoshan-duty@pmsc.example.cn'],
  },
  '310115': {
    code: '310115',
    stage: 'prod',
    name: { zh: '浦东新区', en: 'Pudong New Area' },
    slug: 'Pudong',
    city: shanghai,
    account: SHANGHAI_GLOBAL_ACCOUNT,
    region: 'ap-southeast-1',
    timeZone: 'Asia/Shanghai',
    logRetention: RetentionDays.ONE_YEAR,
    api: {
      // the most populous district of Shanghai: more headroom
      throttle: { rateLimit: 200, burstLimit: 400 },
      corsOrigins: ['https://pudong.pmsc.example.cn'],
    },
    auth: {
      kind: 'cognito',
      domainPrefix: 'pmsc-310115-pudong',
      callbackUrls: ['https://pudong.pmsc.example.cn/auth/callback'],
      logoutUrls: ['https://pudong.pmsc.example.cn/'],
      selfSignUp: false,
      emailFrom: 'no-reply@pudong.pmsc.example.cn',
    },
    alarmEmails: shanghaiOps,
    consumerConcurrency: 10,
  },
  // In the AWS China regions: residents' data stays in China; identities from the city's OIDC issuer.
  '310112': {
    code: '310112',
    stage: 'prod',
    name: { zh: '闵行区', en: 'Minhang District' },
    slug: 'Minhang',
    city: shanghai,
    account: SHANGHAI_CHINA_ACCOUNT,
    region: 'cn-northwest-1',
    timeZone: 'Asia/Shanghai',
    logRetention: RetentionDays.SIX_MONTHS,
    api: {
      throttle: { rateLimit: 100, burstLimit: 200 },
      corsOrigins: ['https://minhang.pmsc.example.cn'],
    },
    auth: {
      kind: 'oidc',
      issuerUrl: 'https://id.pmsc.example.cn/realms/shanghai',
      audience: ['pmsc-310112-web', 'pmsc-310112-machine'],
      claims: { groups: 'groups', centerId: 'center_id' },
    },
    alarmEmails: shanghaiOps,
    fallbacks: { tracing: 'disabled' },
  },
  '310106': {
    code: '310106',
    stage: 'prod',
    name: { zh: '静安区', en: "Jing'an District" },
    slug: 'Jingan',
    city: shanghai,
    account: SHANGHAI_CHINA_ACCOUNT,
    region: 'cn-north-1',
    timeZone: 'Asia/Shanghai',
    logRetention: RetentionDays.SIX_MONTHS,
    api: {
      throttle: { rateLimit: 100, burstLimit: 200 },
      corsOrigins: ['https://jingan.pmsc.example.cn'],
    },
    auth: {
      kind: 'oidc',
      issuerUrl: 'https://id.pmsc.example.cn/realms/shanghai',
      audience: ['pmsc-310106-web', 'pmsc-310106-machine'],
      claims: { groups: 'groups', centerId: 'center_id' },
    },
    alarmEmails: shanghaiOps,
    fallbacks: { tracing: 'disabled' },
  },
  // An engineer's copy of Baoshan: local front ends allowed, deployed with the CLI's credentials.
  '310113-dev': {
    code: '310113',
    stage: 'dev',
    name: { zh: '宝山区（开发）', en: 'Baoshan District (dev)' },
    slug: 'BaoshanDev',
    city: shanghai,
    timeZone: 'Asia/Shanghai',
    logRetention: RetentionDays.SIX_MONTHS,
    api: {
      throttle: { rateLimit: 10, burstLimit: 20 },
      corsOrigins: ['https://dev.baoshan.pmsc.example.cn', 'http://localhost:5173'],
    },
    auth: {
      kind: 'cognito',
      domainPrefix: 'pmsc-310113-baoshan-dev',
      callbackUrls: ['http://localhost:5173/auth/callback'],
      logoutUrls: ['http://localhost:5173/'],
      selfSignUp: true,
      emailFrom: 'no-reply@dev.baoshan.pmsc.example.cn',
    },
    alarmEmails: [],
  },
} as const satisfies Record<string, DistrictConfig>;

export type DistrictKey = keyof typeof districts;

/** Every configured district by key (the code, or `<code>-dev`), sorted. */
export const districtKeys = Object.keys(districts).sort() as DistrictKey[];

export const allDistricts: readonly DistrictConfig[] = districtKeys.map((key) => districts[key]);

function knownDistricts(): string {
  return districtKeys
    .map((key) => {
      const d: DistrictConfig = districts[key];
      return `${key} (${d.name.zh} ${d.name.en})`;
    })
    .join(', ');
}

/** Key of a district in `districts`: its code, with `-dev` for a dev district. */
export function keyOf(district: DistrictConfig): string {
  return district.stage === 'dev' ? `${district.code}-dev` : district.code;
}

/**
 * The config of the district selected with `-c district=<key>`.
 * Throws with the list of known keys when the key is missing or unknown.
 */
export function resolveDistrict(key: unknown): DistrictConfig {
  if (key === undefined || key === null || key === '') {
    throw new Error(`Missing district: pass -c district=<code>. Known districts: ${knownDistricts()}.`);
  }
  const k = String(key).trim();
  if (!Object.hasOwn(districts, k)) {
    throw new Error(
      `Unknown district "${k}": pass -c district=<code>. Known districts: ${knownDistricts()}.`,
    );
  }
  return districts[k as DistrictKey];
}

/**
 * Districts from a selector: `all` (every production district), a city code (`310000`: its
 * production districts), or a comma-separated list of district keys (`310113,310104`), in the
 * order given (`all` and cities in code order).
 */
export function resolveDistricts(selector: unknown): DistrictConfig[] {
  const text = selector === undefined || selector === null ? '' : String(selector).trim();
  if (text === '') {
    throw new Error(
      `Missing districts: pass a list (310113,310104), a city code (310000) or "all". Known districts: ${knownDistricts()}.`,
    );
  }
  const prod = allDistricts.filter((d) => d.stage === 'prod');
  if (text === 'all') return [...prod];
  const picked: DistrictConfig[] = [];
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const ofCity = prod.filter((d) => d.city.code === part);
    const found = ofCity.length > 0 ? ofCity : [resolveDistrict(part)];
    for (const d of found) if (!picked.includes(d)) picked.push(d);
  }
  return picked;
}

/** Base of the district's stack names, e.g. `Pmsc-310113-Baoshan`. */
export function stackNameOf(district: DistrictConfig): string {
  return `Pmsc-${district.code}-${district.slug}`;
}

export function dataStackNameOf(district: DistrictConfig): string {
  return `${stackNameOf(district)}-Data`;
}

export function appStackNameOf(district: DistrictConfig): string {
  return `${stackNameOf(district)}-App`;
}

/** The settings a district is synthesized with once defaults and region facts are applied. */
export interface ResolvedDistrictSettings {
  readonly partition: Partition;
  readonly architecture: 'arm64' | 'x86_64';
  readonly tracing: 'active' | 'disabled';
  readonly consumerConcurrency: number;
}

const LOCALHOST = /^https?:\/\/(localhost|127\.0\.0\.1)(:\d+)?(\/|$)/;

export class DistrictConfigError extends Error {
  override readonly name = 'DistrictConfigError';
}

/**
 * Refuses a district the platform must not be deployed as: a production district without a
 * pinned account and region, with localhost front ends, fewer than 180 days of logs or nobody
 * to alarm; a user pool in a region without Cognito; a feature the region lacks without a
 * fallback. Returns the settings the stacks use.
 */
export function checkDistrict(district: DistrictConfig): ResolvedDistrictSettings {
  const label = `District ${keyOf(district)}`;
  const problems: string[] = [];
  if (district.stage === 'prod') {
    if (!district.account || !/^\d{12}$/.test(district.account)) {
      problems.push('a production district needs its 12-digit account pinned (account)');
    }
    if (!district.region) problems.push('a production district needs its region pinned (region)');
    const urls = [
      ...district.api.corsOrigins,
      ...(district.auth.kind === 'cognito'
        ? [...district.auth.callbackUrls, ...district.auth.logoutUrls]
        : []),
    ];
    const local = urls.filter((u) => LOCALHOST.test(u));
    if (local.length > 0) problems.push(`localhost URLs are for dev districts only (${local.join(', ')})`);
    if (district.alarmEmails.length === 0) problems.push('a production district needs an alarm email');
  }
  if (district.region && !isKnownRegion(district.region)) {
    problems.push(`unknown region "${district.region}" (see infra/config/regions.ts)`);
  }
  if (district.logRetention < MIN_LOG_RETENTION_DAYS) {
    problems.push(`logs must be kept at least ${MIN_LOG_RETENTION_DAYS} days (logRetention)`);
  }
  const facts = district.region && isKnownRegion(district.region) ? regionFacts(district.region) : undefined;
  const architecture = district.fallbacks?.architecture ?? 'arm64';
  const tracing = district.fallbacks?.tracing ?? 'active';
  if (facts) {
    if (district.auth.kind === 'cognito' && !facts.cognitoUserPools) {
      problems.push(
        `${district.region} has no Cognito user pools: use an external OIDC issuer (auth.kind 'oidc')`,
      );
    }
    if (architecture === 'arm64' && !facts.lambdaArm64) {
      problems.push(`${district.region} has no Lambda arm64: set fallbacks.architecture to 'x86_64'`);
    }
    if (tracing === 'active' && !facts.lambdaXRay) {
      problems.push(`${district.region} has no X-Ray for Lambda: set fallbacks.tracing to 'disabled'`);
    }
    if (!facts.httpApi || !facts.eventBridgeRules) {
      problems.push(
        `${district.region} lacks HTTP APIs or EventBridge rules, which the platform has no fallback for`,
      );
    }
  }
  const consumerConcurrency = district.consumerConcurrency ?? DEFAULT_CONSUMER_CONCURRENCY;
  // Lambda's own bounds for an SQS event source mapping's MaximumConcurrency
  if (!Number.isInteger(consumerConcurrency) || consumerConcurrency < 2 || consumerConcurrency > 1000) {
    problems.push('consumerConcurrency must be a whole number from 2 to 1000');
  }
  if (problems.length > 0) throw new DistrictConfigError(`${label}: ${problems.join('; ')}.`);
  return { partition: facts?.partition ?? 'aws', architecture, tracing, consumerConcurrency };
}
