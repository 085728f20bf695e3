/** Password length limits, shared by the forms (client) and the schemas (server). */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;
