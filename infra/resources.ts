/**
 * The stateful resources of a district: tables and queues. The CDK stack and the local runtime
 * both create them from these definitions, so the two cannot drift.
 */

export interface IndexDefinition {
  readonly name: string;
  readonly partitionKey: string;
  readonly sortKey: string;
}

export interface TableDefinition {
  /** Environment variable through which a function receives the table name. */
  readonly envVar: string;
  readonly partitionKey: string;
  readonly sortKey?: string;
  readonly indexes: readonly IndexDefinition[];
  /** Attribute holding an epoch-seconds expiry, if items expire. */
  readonly ttlAttribute?: string;
}

export interface QueueDefinition {
  /** Environment variable through which a function receives the queue URL. */
  readonly envVar: string;
  /** Seconds a received message stays invisible; at least 6x the consumer timeout. */
  readonly visibilityTimeoutSeconds: number;
  /** Receives before a message moves to the dead-letter queue. */
  readonly maxReceiveCount: number;
  /** Seconds a message is kept in the dead-letter queue. */
  readonly dlqRetentionSeconds: number;
}

export const tables = {
  /** Single table for every aggregate of the district (centers, rooms, windows, closures, imports...). */
  main: {
    envVar: 'TABLE_MAIN',
    partitionKey: 'pk',
    sortKey: 'sk',
    indexes: [
      // children of a center: gsi1pk = PARENT#<parentId>, gsi1sk = <name>#<id>
      { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
      // whole network by materialized path: gsi2pk = TREE, gsi2sk = <path>
      { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
      // centers of a level: gsi3pk = LEVEL#<level>, gsi3sk = <path>
      { name: 'gsi3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
      // centers by place: gsi4pk = GEO#<geohash, precision 5>, gsi4sk = <id>
      { name: 'gsi4', partitionKey: 'gsi4pk', sortKey: 'gsi4sk' },
    ],
    ttlAttribute: 'expiresAt',
  },
  /** Powertools idempotency records (Idempotency-Key on creating POSTs). */
  idempotency: {
    envVar: 'TABLE_IDEMPOTENCY',
    partitionKey: 'id',
    indexes: [],
    ttlAttribute: 'expiration',
  },
} as const satisfies Record<string, TableDefinition>;

export type TableName = keyof typeof tables;

/**
 * A queue drained by one consumer with a 30 s timeout: visibility 6x that timeout, five receives
 * before the DLQ, which keeps a message for 14 days.
 */
const consumerQueue = (envVar: string): QueueDefinition => ({
  envVar,
  visibilityTimeoutSeconds: 180,
  maxReceiveCount: 5,
  dlqRetentionSeconds: 14 * 24 * 3600,
});

export const queues = {
  /**
   * Rows of a bulk onboarding, in chunks, written level by level. Its consumer runs up to 150 s
   * (a whole city in one invocation on DynamoDB Local), so the visibility is 6x that.
   */
  centerImport: { ...consumerQueue('QUEUE_CENTER_IMPORT_URL'), visibilityTimeoutSeconds: 900 },
  /** Service orders handled at the city level, waiting to be assigned to their center. */
  ordersCity: consumerQueue('QUEUE_ORDERS_CITY_URL'),
  /** Service orders handled at the district level. */
  ordersDistrict: consumerQueue('QUEUE_ORDERS_DISTRICT_URL'),
  /** Service orders handled at the street / town level. */
  ordersStreet: consumerQueue('QUEUE_ORDERS_STREET_URL'),
  /** Service orders handled at the community / village / field-position level. */
  ordersCommunity: consumerQueue('QUEUE_ORDERS_COMMUNITY_URL'),
  /** A menu revision to fan out: its coordinator pages the subtree and queues the deliveries. */
  menuFanOut: consumerQueue('QUEUE_MENU_FAN_OUT_URL'),
  /** One menu revision for one center; the DLQ keeps what could not be delivered. */
  menuDeliveries: consumerQueue('QUEUE_MENU_DELIVERIES_URL'),
  /** City stacks: a menu revision for one registered district, sent to that district's API. */
  menuDistrictSends: consumerQueue('QUEUE_MENU_DISTRICT_SENDS_URL'),
  /** Messages to residents about their bookings (confirmed, promoted, cancelled, reminders). */
  notifications: consumerQueue('QUEUE_NOTIFICATIONS_URL'),
} as const satisfies Record<string, QueueDefinition>;

export type QueueName = keyof typeof queues;
