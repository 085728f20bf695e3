/**
 * `npm run reset-mfa -- <email>`: an operator removes a user's second factors
 * (lost phone and recovery codes) and ends their sessions. Needs DATABASE_URL;
 * leaves an audit line in the log. The user enrols again at next sign-in.
 */
import { resetSecondFactors } from "@/lib/auth/mfa/reset";
import { db } from "@/lib/db";
import { log } from "@/lib/log";

async function main(): Promise<void> {
  const email = process.argv[2];
  if (!email) {
    console.error("usage: npm run reset-mfa -- <email>");
    process.exit(2);
  }
  const outcome = await resetSecondFactors(email);
  if (outcome.kind === "no-user") {
    console.error(`No account with the email ${email}.`);
    process.exit(1);
  }
  log.warn("second factors reset by an operator", { email, endedSessions: outcome.endedSessions });
  console.log(`Second factors removed for ${email}; ${outcome.endedSessions} session(s) ended. They enrol again at next sign-in.`);
  await db.$disconnect();
}

void main();
