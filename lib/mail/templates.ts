/**
 * The mails rolelink sends: plain text first (what many security teams read),
 * with a simple HTML twin. Every dynamic value in the HTML is escaped.
 */
export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

function layout(paragraphs: string[], action: { label: string; url: string } | null): string {
  const body = paragraphs.map((p) => `<p style="margin:0 0 16px">${escapeHtml(p)}</p>`).join("");
  const button = action
    ? `<p style="margin:0 0 16px"><a href="${escapeHtml(action.url)}" style="display:inline-block;background:#4338ca;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">${escapeHtml(action.label)}</a></p>` +
      `<p style="margin:0 0 16px;font-size:13px;color:#475569">Or open this address: ${escapeHtml(action.url)}</p>`
    : "";
  return `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#0f172a;max-width:560px;margin:24px auto;padding:0 16px">${body}${button}<p style="font-size:13px;color:#475569">rolelink</p></body></html>`;
}

function compose(subject: string, paragraphs: string[], action: { label: string; url: string } | null, after: string[] = []): MailContent {
  const text = [...paragraphs, ...(action ? [`${action.label}: ${action.url}`] : []), ...after, "rolelink"].join("\n\n") + "\n";
  return {
    subject,
    text,
    html: layout([...paragraphs], action).replace(
      "</body>",
      `${after.map((p) => `<p style="font-size:13px;color:#475569">${escapeHtml(p)}</p>`).join("")}</body>`,
    ),
  };
}

export function verifyEmailMail(link: string, hoursValid: number): MailContent {
  return compose(
    "Confirm your email for rolelink",
    ["Welcome to rolelink. Confirm this is your email address to start connecting AWS accounts."],
    { label: "Confirm my email", url: link },
    [`The link works once and expires in ${hoursValid} hours. If you did not create an account, ignore this mail.`],
  );
}

export function signUpAttemptMail(signInUrl: string, resetUrl: string): MailContent {
  return compose(
    "Someone tried to create a rolelink account with your email",
    [
      "Someone (maybe you) tried to create a new rolelink account with this email address. You already have an account, so nothing was created and nothing changed.",
      `If it was you, sign in: ${signInUrl}`,
    ],
    { label: "Reset my password", url: resetUrl },
    ["If it was not you, you can ignore this mail: your account and password are unchanged."],
  );
}

export function resetPasswordMail(link: string, minutesValid: number): MailContent {
  return compose(
    "Reset your rolelink password",
    ["Someone (hopefully you) asked to reset the password of your rolelink account."],
    { label: "Choose a new password", url: link },
    [
      `The link works once and expires in ${minutesValid} minutes. Resetting signs you out everywhere; a second factor, if you set one up, is still asked at sign-in.`,
      "If you did not ask for this, ignore this mail: your password stays the same.",
    ],
  );
}
