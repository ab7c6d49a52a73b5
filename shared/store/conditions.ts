/**
 * Reading DynamoDB's answers to conditional writes, in one place: a failed condition on a single
 * write, and the per-item reasons of a cancelled transaction.
 */

/** True when a single conditional write (Put, Update, Delete) failed its condition. */
export function isConditionFailure(error: unknown): boolean {
  return (error as { name?: string } | null)?.name === 'ConditionalCheckFailedException';
}

/**
 * For a cancelled transaction, the reason code of each item in order ('None' where that item
 * was fine, 'ConditionalCheckFailed' where its condition failed); undefined for any other error.
 */
export function cancellationCodes(error: unknown): string[] | undefined {
  if ((error as { name?: string } | null)?.name !== 'TransactionCanceledException') return undefined;
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return reasons.map((reason) => reason.Code ?? 'None');
}
