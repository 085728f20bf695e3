/** The configuration every Vitest run starts from (loopback only, fake vendor). */
export const testEnv = {
  NODE_ENV: "test",
  NEXTAUTH_SECRET: "test-secret-test-secret-test-secret-0123",
  APP_URL: "http://localhost:3000",
  VENDOR_ACCOUNT_ID: "111111111111",
  SNS_TOPIC_ARNS: "arn:aws:sns:us-east-1:111111111111:rolelink,arn:aws:sns:eu-west-1:111111111111:rolelink",
  TEMPLATE_URL: "https://rolelink-templates.s3.amazonaws.com/v1/rolelink-role.yaml",
  AWS_REGION: "us-east-1",
  AWS_ACCESS_KEY_ID: "test",
  AWS_SECRET_ACCESS_KEY: "test",
  LOG_LEVEL: "error",
  RUN_WORKER: "false",
  // Node 20 is what these machines run; the SDK's "Node 22 from 2027" notice is known (see README).
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
} as const;
