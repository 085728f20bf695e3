/** What an API key may do. Each route names the one scope it needs. */
export const API_SCOPES = {
  "connections:read": "List connections, read one and its timeline",
  "connections:write": "Create pending links on behalf of your customers",
  "connections:verify": "Run the proof of access on a connection now",
  "credentials:issue": "Get short-lived AWS credentials for a connection",
  "webhooks:manage": "Register, change and remove webhook endpoints",
} as const;

export type ApiScope = keyof typeof API_SCOPES;

export const ALL_SCOPES = Object.keys(API_SCOPES) as ApiScope[];

export function isApiScope(value: string): value is ApiScope {
  return value in API_SCOPES;
}
