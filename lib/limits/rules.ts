/**
 * Every abuse limit in one place: how many attempts per key in which window.
 * Windows are fixed: counts expire with the window, so failures decay and a
 * trickle of wrong guesses cannot keep an account locked for ever.
 */
export interface Rule {
  points: number;
  /** Seconds. */
  duration: number;
}

export const RULES = {
  /** Password guesses per email, from anywhere: the limit a single account can be guessed at. */
  "signin:email": { points: 5, duration: 15 * 60 },
  /** The same, for a browser this email signed in from before (lib/auth/device-cookie.ts): its own count, so strangers cannot lock it. */
  "signin:device": { points: 5, duration: 15 * 60 },
  "signin:ip": { points: 50, duration: 15 * 60 },
  "signin:global": { points: 600, duration: 60 },
  "signup:ip": { points: 50, duration: 60 * 60 },
  "signup:global": { points: 500, duration: 60 * 60 },
  "reset:email": { points: 3, duration: 60 * 60 },
  /** Mails of any kind to one address: nobody can turn sign-up or reset forms into a mail bomb. */
  "mail:email": { points: 5, duration: 60 * 60 },
  "reset:ip": { points: 20, duration: 60 * 60 },
  "reset:global": { points: 300, duration: 60 * 60 },
  /** Second-factor codes per user: 10 tries cover typos; guessing 6 digits stays hopeless. */
  "mfa:user": { points: 10, duration: 15 * 60 },
  "connect:user": { points: 30, duration: 60 * 60 },
  "connect:ip": { points: 60, duration: 60 * 60 },
  "connect:global": { points: 2000, duration: 60 * 60 },
} as const satisfies Record<string, Rule>;

export type RuleName = keyof typeof RULES;
