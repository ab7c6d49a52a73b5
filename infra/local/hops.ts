/**
 * Lambda's recursive loop detection, locally. In AWS the trace header's Lineage counts how many
 * times one chain of events has invoked a function through SQS (or SNS, or Lambda's Invoke); the
 * invocation after the 16th is stopped and the message goes to the queue's DLQ. fauxqs keeps no
 * trace header, so the local runtime carries the count in a message attribute instead:
 * - the SQS poller runs each batch inside `runInChain(n)`, n being the invocation's place in its
 *   chain (one more than the highest count among its messages);
 * - `hopCountingPlugin`, added to the SQS client of shared/store/queue.ts, stamps n on every
 *   message sent from inside such an invocation;
 * - the poller moves a message whose count is already 16 to the DLQ without invoking the consumer.
 * HTTP requests and schedules start new chains: what they send carries no count, as in AWS.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { SQSRecord } from 'aws-lambda';
import type { SqsPlugin } from '../../shared/store/queue.ts';

/** Invocations Lambda allows in one chain; the next one is stopped. */
export const MAX_CHAIN_INVOCATIONS = 16;

/** The message attribute holding the count (visible to consumers in `messageAttributes`). */
export const HOP_ATTRIBUTE = 'local-chain-invocations';

const chain = new AsyncLocalStorage<number>();

/** Runs `fn` as the `invocations`-th invocation of a chain. */
export const runInChain = <T>(invocations: number, fn: () => T): T => chain.run(invocations, fn);

/** The place in its chain of the invocation running now; undefined outside any queue invocation. */
export const chainInvocations = (): number | undefined => chain.getStore();

/** The count a received message carries: how many invocations its chain has had so far. */
export const hopsOf = (record: Pick<SQSRecord, 'messageAttributes'>): number => {
  const value = Number(record.messageAttributes[HOP_ATTRIBUTE]?.stringValue);
  return Number.isInteger(value) && value > 0 ? value : 0;
};

type Attributes = Record<string, { DataType: string; StringValue?: string }>;
type WithAttributes = { MessageAttributes?: Attributes };

/** The input of a SendMessage / SendMessageBatch command with the count added to every message. */
export const withHopCount = <T>(commandName: string, input: T, invocations: number): T => {
  const stamp = <M extends WithAttributes>(message: M): M => ({
    ...message,
    MessageAttributes: {
      ...message.MessageAttributes,
      [HOP_ATTRIBUTE]: { DataType: 'Number', StringValue: String(invocations) },
    },
  });
  if (commandName === 'SendMessageCommand') return stamp(input as WithAttributes) as T;
  if (commandName === 'SendMessageBatchCommand') {
    const batch = input as { Entries?: WithAttributes[] };
    return { ...batch, Entries: batch.Entries?.map(stamp) } as T;
  }
  return input;
};

export const hopCountingPlugin: SqsPlugin = {
  applyToStack: (stack) => {
    stack.add(
      (next, context) => async (args) => {
        const invocations = chainInvocations();
        if (invocations === undefined) return next(args);
        return next({ ...args, input: withHopCount(context.commandName ?? '', args.input, invocations) });
      },
      { step: 'initialize', name: 'localChainInvocations' },
    );
  },
};
