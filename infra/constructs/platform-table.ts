import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import type { TableDefinition } from '../resources.ts';

export interface PlatformTableProps {
  /** The definition from `infra/resources.ts`; the local runtime creates the same table from it. */
  readonly definition: TableDefinition;
  /**
   * Physical name (`pmsc-<district>-<name>`): fixed, so that the app stack finds the table by name
   * without a cross-stack export, and a replacement can never silently create an empty table.
   */
  readonly tableName: string;
}

/**
 * A DynamoDB table of the district: on demand, PITR, deletion protection, AWS-managed encryption,
 * a fixed name, retained when the stack goes away. Keys are strings; every GSI projects ALL attributes.
 */
export class PlatformTable extends Construct {
  readonly table: Table;
  readonly definition: TableDefinition;

  constructor(scope: Construct, id: string, props: PlatformTableProps) {
    super(scope, id);
    const { definition } = props;
    this.definition = definition;

    this.table = new Table(this, 'Table', {
      tableName: props.tableName,
      partitionKey: { name: definition.partitionKey, type: AttributeType.STRING },
      ...(definition.sortKey ? { sortKey: { name: definition.sortKey, type: AttributeType.STRING } } : {}),
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      encryption: TableEncryption.AWS_MANAGED,
      ...(definition.ttlAttribute ? { timeToLiveAttribute: definition.ttlAttribute } : {}),
      // the data outlives the stack: a stack deletion or replacement must never drop a district's records
      removalPolicy: RemovalPolicy.RETAIN,
    });

    for (const index of definition.indexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      });
    }
  }
}
