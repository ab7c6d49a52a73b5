/**
 * The figures the country-wide plan relies on (docs/deployment.md, "Toward the whole country"),
 * checked by test/infra/all-districts.test.ts against every configured district.
 */

/** Districts (县级行政区) of mainland China in the plan. */
export const DISTRICTS_IN_CHINA = 2978;
/** Districts deployed into one account (and one region). */
export const DISTRICTS_PER_ACCOUNT = 25;
/** IAM roles per account (default quota), minus room for the CDK bootstrap and operators. */
export const IAM_ROLES_PER_ACCOUNT = 1000;
export const IAM_ROLES_RESERVED_FOR_ACCOUNT = 50;
/** Lambda concurrent executions per account and region the plan asks for (default 1,000; a routine increase). */
export const LAMBDA_CONCURRENCY_PER_ACCOUNT = 4000;
/**
 * Share of the account's concurrency left to the HTTP functions when every district's schedules
 * and consumers run at their caps (about 40 concurrent per district at 25 districts: 400 rps at
 * 100 ms per request).
 */
export const HTTP_CONCURRENCY_SHARE = 0.25;
/** Lambda keeps this much unreserved; reserved concurrency may never take it. */
export const LAMBDA_UNRESERVED_MINIMUM = 100;
/** CloudFormation stacks per account and region (default quota). */
export const STACKS_PER_ACCOUNT = 2000;
/** Resources per stack the tests hold each stack under (CloudFormation allows 500). */
export const RESOURCES_PER_STACK_BUDGET = 350;
/** Lambda code storage per region (default quota), bytes. */
export const CODE_STORAGE_PER_REGION = 75 * 1024 ** 3;

export const ACCOUNTS_NEEDED = Math.ceil(DISTRICTS_IN_CHINA / DISTRICTS_PER_ACCOUNT);
