import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  OAuthScope,
  ResourceServerScope,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  type UserPoolClient,
  type UserPoolDomain,
  UserPoolEmail,
  type UserPoolResourceServer,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import type { CognitoAuthConfig } from '../config/districts.ts';

/** Groups whose names become the `cognito:groups` claim the handlers read the role from. */
export const USER_GROUPS = ['resident', 'staff', 'admin'] as const;

/** Identifier of the resource server; scopes are `pmsc/<name>`. */
export const RESOURCE_SERVER_ID = 'pmsc';
export const MENUS_PUSH_SCOPE = 'menus:push';

export interface PlatformAuthProps {
  readonly districtCode: string;
  readonly auth: CognitoAuthConfig;
}

/**
 * The district's identities: a user pool with the role groups and the `center_id` attribute staff work
 * at, a web client for front ends (no secret) and a machine client (client credentials, scope
 * `pmsc/menus:push`) for upper-level centers pushing menus, plus the hosted domain for the token endpoint.
 */
export class PlatformAuth extends Construct {
  readonly userPool: UserPool;
  readonly webClient: UserPoolClient;
  readonly machineClient: UserPoolClient;
  readonly resourceServer: UserPoolResourceServer;
  readonly domain: UserPoolDomain;

  constructor(scope: Construct, id: string, props: PlatformAuthProps) {
    super(scope, id);

    this.userPool = new UserPool(this, 'UserPool', {
      userPoolName: `pmsc-${props.districtCode}`,
      selfSignUpEnabled: props.auth.selfSignUp,
      signInAliases: { email: true, username: true },
      autoVerify: { email: true },
      standardAttributes: {
        email: { required: true, mutable: true },
        fullname: { required: false, mutable: true },
      },
      customAttributes: { center_id: new StringAttribute({ minLen: 1, maxLen: 64, mutable: true }) },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      // Cognito MFA is per pool, and staff and admins must not sign in on a password alone: the
      // pool requires a second factor of everyone. Staff and admins enrol an authenticator app
      // (TOTP); residents can take a code by email instead, which needs no second device.
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, email: true, sms: false },
      email: UserPoolEmail.withSES({
        fromEmail: props.auth.emailFrom,
        fromName: `PMSC ${props.districtCode}`,
        sesRegion: Stack.of(this).region,
      }),
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // Plus tier: threat protection blocks compromised credentials and challenges risky sign-ins
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    USER_GROUPS.forEach((groupName, precedence) => {
      // the lowest precedence wins for a user in several groups: admin 1, staff 2, resident 3
      this.userPool.addGroup(`Group-${groupName}`, {
        groupName,
        precedence: USER_GROUPS.length - precedence,
        description: `PMSC role ${groupName}`,
      });
    });

    const menusPush = new ResourceServerScope({
      scopeName: MENUS_PUSH_SCOPE,
      scopeDescription: 'Push course and service menus to the centers of this district',
    });
    this.resourceServer = this.userPool.addResourceServer('ResourceServer', {
      identifier: RESOURCE_SERVER_ID,
      userPoolResourceServerName: 'PMSC API',
      scopes: [menusPush],
    });

    this.domain = this.userPool.addDomain('Domain', {
      cognitoDomain: { domainPrefix: props.auth.domainPrefix },
    });

    // Front ends: public clients (no secret), SRP sign-in and the hosted UI with authorization code + PKCE.
    this.webClient = this.userPool.addClient('WebClient', {
      userPoolClientName: 'web',
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [...props.auth.callbackUrls],
        logoutUrls: [...props.auth.logoutUrls],
      },
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
        .withCustomAttributes('center_id'),
      // center_id decides what staff may act on: only admins change it (admin API), never the user
      writeAttributes: new ClientAttributes().withStandardAttributes({ email: true, fullname: true }),
    });

    // Upper-level centers (e.g. the city pushing menus): machine-to-machine, client credentials only.
    this.machineClient = this.userPool.addClient('MachineClient', {
      userPoolClientName: 'machine',
      generateSecret: true,
      authFlows: {},
      oAuth: {
        flows: { clientCredentials: true },
        scopes: [OAuthScope.resourceServer(this.resourceServer, menusPush)],
      },
      accessTokenValidity: Duration.hours(1),
      enableTokenRevocation: true,
    });
  }

  /** Issuer (`iss`) of the pool's tokens, as the JWT authorizer expects it. */
  get issuerUrl(): string {
    // same form as aws-cdk-lib's HttpUserPoolAuthorizer; Cognito issuers are always on amazonaws.com
    return `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${this.userPool.userPoolId}`;
  }

  /** URL of the OAuth 2.0 token endpoint (client credentials for the machine client). */
  get tokenEndpoint(): string {
    return `${this.domain.baseUrl()}/oauth2/token`;
  }
}
