/** Password length limits, shared by the forms (client) and the schemas (server). */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;
