import { getBoss, QUEUES } from "@/lib/jobs/boss";

/** One job per stored request: the singleton key keeps the sweeper from doubling it. */
export async function enqueueCfnRequest(cfnRequestId: string): Promise<void> {
  const boss = await getBoss();
  await boss.send(QUEUES.cfnRequest, { cfnRequestId }, {
    singletonKey: cfnRequestId,
    retryLimit: 5,
    retryDelay: 5,
    retryBackoff: true,
    // AssumeRole retries for up to ~90 s, then the response PUT retries; a job whose
    // worker died is retried after this, within the template's 300 s ServiceTimeout.
    expireInSeconds: 3 * 60,
  });
}
