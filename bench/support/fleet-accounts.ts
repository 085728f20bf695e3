/** The fleet benchmark's accounts, named the same way by the database seed and the STS stand-in. */
export const VENDOR_ACCOUNT_ID = "111111111111";
export const FLEET_ACCESS_KEY = "AKIABENCHVENDOR00001";
const FIRST_ACCOUNT = 300_000_000_000;

export const fleetAccount = (i: number): string => String(FIRST_ACCOUNT + i);
export const fleetRoleArn = (accountId: string): string => `arn:aws:iam::${accountId}:role/rolelink-bench`;
export const fleetExternalId = (i: number): string => `rl-bench-fleet-${i}`;
