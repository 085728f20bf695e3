/**
 * Reads that AWS classes as List or Read but that return secrets or customer
 * data: user data, console output, passwords, parameters, secret values,
 * object and item contents, function code and environment, task and job
 * definitions (environment variables), templates (parameter defaults). A
 * reviewer flags these whatever their access level, so the template tests
 * refuse to grant any of them; the template denies the EC2 ones outright.
 * Reviewed by hand: add to it when a new such read appears.
 */
export const SECRET_BEARING_READS: readonly string[] = [
  "autoscaling:DescribeLaunchConfigurations",
  "batch:DescribeJobDefinitions",
  "cloudformation:GetTemplate",
  "codebuild:BatchGetProjects",
  "dynamodb:BatchGetItem",
  "dynamodb:GetItem",
  "dynamodb:Query",
  "dynamodb:Scan",
  "ec2:DescribeInstanceAttribute",
  "ec2:DescribeLaunchTemplateVersions",
  "ec2:DescribeSpotFleetRequests",
  "ec2:DescribeSpotInstanceRequests",
  "ec2:GetConsoleOutput",
  "ec2:GetConsoleScreenshot",
  "ec2:GetInstanceUefiData",
  "ec2:GetLaunchTemplateData",
  "ec2:GetPasswordData",
  "ecs:DescribeTaskDefinition",
  "elasticbeanstalk:DescribeConfigurationSettings",
  "glue:GetConnection",
  "glue:GetConnections",
  "iam:GetAccountAuthorizationDetails",
  "lambda:GetFunction",
  "lambda:GetFunctionConfiguration",
  "logs:GetLogEvents",
  "logs:FilterLogEvents",
  "s3:GetObject",
  "s3:GetObjectVersion",
  "secretsmanager:GetSecretValue",
  "secretsmanager:BatchGetSecretValue",
  "ssm:GetParameter",
  "ssm:GetParameters",
  "ssm:GetParametersByPath",
  "ssm:GetParameterHistory",
  "sts:GetSessionToken",
];
