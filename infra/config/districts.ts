/**
 * Per-district deployment settings. One CDK stack is deployed per district
 * (`cdk deploy -c district=<code>`); everything that differs between districts lives here as data.
 */
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

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

export interface DistrictAuthConfig {
  /** Prefix of the Cognito hosted domain (`<prefix>.auth.<region>.amazoncognito.com`): globally unique per region. */
  readonly domainPrefix: string;
  /** Redirect targets of the web app client after the hosted sign-in. */
  readonly callbackUrls: readonly string[];
  readonly logoutUrls: readonly string[];
  /** Whether residents may sign themselves up; otherwise users are created by an admin. */
  readonly selfSignUp: boolean;
}

export interface DistrictConfig {
  /** Official 6-digit administrative division code (GB/T 2260), e.g. `310113`. */
  readonly code: string;
  readonly name: LocalizedName;
  /** PascalCase ASCII label used in the stack name (`Pmsc-<code>-<slug>`). */
  readonly slug: string;
  readonly city: LocalizedName & { readonly code: string };
  /** Target account; defaults to the CLI's current credentials (`CDK_DEFAULT_ACCOUNT`). */
  readonly account?: string;
  /** Target region; defaults to the CLI's current region (`CDK_DEFAULT_REGION`). */
  readonly region?: string;
  /** IANA time zone of the district's centers. */
  readonly timeZone: string;
  /** Retention of every log group of the stack (functions and API access logs). */
  readonly logRetention: RetentionDays;
  readonly api: {
    readonly throttle: ApiThrottle;
    /** Origins allowed by CORS (the front ends of this district). */
    readonly corsOrigins: readonly string[];
  };
  readonly auth: DistrictAuthConfig;
  /** Where DLQ and error alarms are sent; no email subscription when absent. */
  readonly alarmEmail?: string;
}

const shanghai = { code: '310000', zh: '上海市', en: 'Shanghai' } as const;

/** Local front ends used during development are allowed in every district. */
const devOrigins = ['http://localhost:5173'] as const;

export const districts = {
  '310104': {
    code: '310104',
    name: { zh: '徐汇区', en: 'Xuhui District' },
    slug: 'Xuhui',
    city: shanghai,
    timeZone: 'Asia/Shanghai',
    logRetention: RetentionDays.ONE_MONTH,
    api: {
      throttle: { rateLimit: 50, burstLimit: 100 },
      corsOrigins: ['https://xuhui.pmsc.example.cn', ...devOrigins],
    },
    auth: {
      domainPrefix: 'pmsc-310104-xuhui',
      callbackUrls: ['https://xuhui.pmsc.example.cn/auth/callback', 'http://localhost:5173/auth/callback'],
      logoutUrls: ['https://xuhui.pmsc.example.cn/', 'http://localhost:5173/'],
      selfSignUp: false,
    },
  },
  '310113': {
    code: '310113',
    name: { zh: '宝山区', en: 'Baoshan District' },
    slug: 'Baoshan',
    city: shanghai,
    timeZone: 'Asia/Shanghai',
    logRetention: RetentionDays.THREE_MONTHS,
    api: {
      throttle: { rateLimit: 100, burstLimit: 200 },
      corsOrigins: ['https://baoshan.pmsc.example.cn', ...devOrigins],
    },
    auth: {
      domainPrefix: 'pmsc-310113-baoshan',
      callbackUrls: ['https://baoshan.pmsc.example.cn/auth/callback', 'http://localhost:5173/auth/callback'],
      logoutUrls: ['https://baoshan.pmsc.example.cn/', 'http://localhost:5173/'],
      selfSignUp: false,
    },
  },
  '310115': {
    code: '310115',
    name: { zh: '浦东新区', en: 'Pudong New Area' },
    slug: 'Pudong',
    city: shanghai,
    timeZone: 'Asia/Shanghai',
    logRetention: RetentionDays.THREE_MONTHS,
    api: {
      // the most populous district of Shanghai: more headroom
      throttle: { rateLimit: 200, burstLimit: 400 },
      corsOrigins: ['https://pudong.pmsc.example.cn', ...devOrigins],
    },
    auth: {
      domainPrefix: 'pmsc-310115-pudong',
      callbackUrls: ['https://pudong.pmsc.example.cn/auth/callback', 'http://localhost:5173/auth/callback'],
      logoutUrls: ['https://pudong.pmsc.example.cn/', 'http://localhost:5173/'],
      selfSignUp: false,
    },
  },
} as const satisfies Record<string, DistrictConfig>;

export type DistrictCode = keyof typeof districts;

export const districtCodes = Object.keys(districts).sort() as DistrictCode[];

function knownDistricts(): string {
  return districtCodes
    .map((code) => {
      const d: DistrictConfig = districts[code];
      return `${code} (${d.name.zh} ${d.name.en})`;
    })
    .join(', ');
}

/**
 * The config of the district selected with `-c district=<code>`.
 * Throws with the list of known codes when the code is missing or unknown.
 */
export function resolveDistrict(code: unknown): DistrictConfig {
  if (code === undefined || code === null || code === '') {
    throw new Error(`Missing district: pass -c district=<code>. Known districts: ${knownDistricts()}.`);
  }
  const key = String(code).trim();
  if (!Object.hasOwn(districts, key)) {
    throw new Error(
      `Unknown district "${key}": pass -c district=<code>. Known districts: ${knownDistricts()}.`,
    );
  }
  return districts[key as DistrictCode];
}

/** CloudFormation stack name of a district, e.g. `Pmsc-310113-Baoshan`. */
export function stackNameOf(district: DistrictConfig): string {
  return `Pmsc-${district.code}-${district.slug}`;
}
