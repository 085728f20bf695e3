/**
 * How guessable a new password is, with @zxcvbn-ts/core (common passwords,
 * English words, keyboard patterns, the user's own email). Score 3 of 4 is the
 * bar; below it the user is told why, in zxcvbn's words.
 */
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";
import * as en from "@zxcvbn-ts/language-en";

export const MIN_SCORE = 3;

let factory: ZxcvbnFactory | undefined;

function checker(): ZxcvbnFactory {
  factory ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary },
    graphs: common.adjacencyGraphs,
    translations: en.translations,
  });
  return factory;
}

/** null when strong enough, else the reason to show. */
export function passwordWeakness(password: string, userInputs: string[] = []): string | null {
  // zxcvbn's cost grows with length; past 100 characters a password is not the weak part.
  const result = checker().check(password.slice(0, 100), userInputs);
  if (result.score >= MIN_SCORE) return null;
  const reason = [result.feedback.warning, ...result.feedback.suggestions].filter(Boolean).join(" ");
  return `This password is too easy to guess.${reason ? ` ${reason}` : " Add more words or characters."}`;
}
