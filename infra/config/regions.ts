/**
 * What each region a district may target offers, as far as this stack depends on it. Checked
 * against the AWS China getting-started guide (docs.amazonaws.cn/aws/latest/userguide/) for the
 * `aws-cn` regions; synthesis reads this table and never looks anything up.
 */

export type Partition = 'aws' | 'aws-cn';

export interface RegionFacts {
  readonly partition: Partition;
  /** Amazon Cognito user pools (China: not offered, only identity pools in Beijing). */
  readonly cognitoUserPools: boolean;
  /** Lambda on Graviton (arm64). */
  readonly lambdaArm64: boolean;
  /** X-Ray active tracing of Lambda functions (China: "not available in the China Regions"). */
  readonly lambdaXRay: boolean;
  /** Lambda recursive loop detection (China: not available; the fan-out never relies on it). */
  readonly recursiveLoopDetection: boolean;
  /** API Gateway HTTP APIs with JWT authorizers. */
  readonly httpApi: boolean;
  /** EventBridge rules on a schedule. */
  readonly eventBridgeRules: boolean;
  /**
   * Whether API Gateway serves requests without authentication only with an ICP recordal of the
   * account (China): `GET /health` and `GET /openapi.json` answer 403 until then.
   */
  readonly publicRoutesNeedIcp: boolean;
}

const global: RegionFacts = {
  partition: 'aws',
  cognitoUserPools: true,
  lambdaArm64: true,
  lambdaXRay: true,
  recursiveLoopDetection: true,
  httpApi: true,
  eventBridgeRules: true,
  publicRoutesNeedIcp: false,
};

const china: RegionFacts = {
  partition: 'aws-cn',
  cognitoUserPools: false,
  lambdaArm64: true,
  lambdaXRay: false,
  recursiveLoopDetection: false,
  httpApi: true,
  eventBridgeRules: true,
  publicRoutesNeedIcp: true,
};

/** The regions a district may be deployed to. */
export const regions = {
  'ap-northeast-1': global,
  'ap-southeast-1': global,
  'us-east-1': global,
  'cn-north-1': china,
  'cn-northwest-1': china,
} as const satisfies Record<string, RegionFacts>;

export type RegionName = keyof typeof regions;

export function isKnownRegion(region: string): region is RegionName {
  return Object.hasOwn(regions, region);
}

export function regionFacts(region: string): RegionFacts {
  if (!isKnownRegion(region)) {
    throw new Error(`Unknown region "${region}": known regions are ${Object.keys(regions).join(', ')}.`);
  }
  return regions[region];
}
