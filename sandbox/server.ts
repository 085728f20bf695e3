/**
 * The local AWS sandbox: one loopback HTTP server playing SNS (delivery to
 * the app, the signing certificate, SubscribeURL, the SNS API), STS,
 * CloudFormation for the customer template (a console, and the read API), and
 * Organizations (its read API), and a webhook inbox (a vendor's receiver).
 * Development and tests only: production code never imports anything under sandbox/.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { loadCustomerTemplate } from "@/lib/cfn/template";
import { createSigningIdentity } from "./sns-signer";
import { CERTIFICATE_PATH, createSnsDelivery } from "./sns-delivery";
import { describeSandboxTemplate } from "./cfn-template";
import { createCloudFormation } from "./cloudformation";
import { createStsHandler, createStsState } from "./sts";
import { createCloudFormationApiHandler } from "./cfn-api";
import { createSnsApiHandler, createSnsApiState } from "./sns-api";
import { createOrganizations } from "./org-model";
import { createOrganizationsApiHandler } from "./org-api";
import { createStackSets } from "./stack-sets";
import { combineCloudFormations } from "./cfn-combined";
import { createOrgCloudFormation } from "./org-cloudformation";
import { send, sendJson } from "./http-util";
import { handleSnsGet } from "./routes/sns-urls";
import { handleCfnResponse } from "./routes/cfn-response-url";
import { handleStatusApi } from "./routes/status-api";
import { handleOrgStatusApi } from "./routes/org-status-api";
import { renderConsolePage } from "./console-page";
import { renderOrgConsolePage } from "./org-console-page";
import { createWebhookInbox, INBOX_PATH } from "./webhook-inbox";

export interface SandboxOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  /** The app's SNS endpoint, e.g. http://localhost:3000/api/sns. */
  appSnsEndpoint: string;
  vendorAccountId: string;
  topicArns: string[];
  baseAccessKeyId: string;
  signatureVersion?: "1" | "2";
  /** SNS gives an endpoint 15 s. */
  deliveryTimeoutMs?: number;
  /** SNS's default HTTP policy: 3 retries, 20 s apart. */
  retryDelaysMs?: number[];
  /** How long to keep offering the SubscriptionConfirmation while the app is not up yet. */
  confirmationRetryMs?: number;
  confirmationWindowMs?: number;
  /** CloudFormation's wait for the custom resource; defaults to the template's ServiceTimeout. */
  serviceTimeoutMs?: number;
  /**
   * IAM propagation: a new role refuses AssumeRole (and a changed trust policy
   * keeps the old trust) for this long. AWS: up to ~60 s. Default 0.
   */
  iamPropagationMs?: number;
}

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

export async function startSandbox(options: SandboxOptions) {
  const host = options.host ?? "127.0.0.1";
  if (!LOOPBACK_HOSTS.has(host.includes(":") ? `[${host}]` : host)) throw new Error("the sandbox listens on loopback only");
  const identity = await createSigningIdentity();
  const { text: templateText, document, version } = loadCustomerTemplate();

  const server = createServer((req, res) => {
    route(req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, { error: "internal" });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://${host.includes(":") ? `[${host}]` : host}:${port}/`;

  const delivery = createSnsDelivery({
    origin,
    endpoint: options.appSnsEndpoint,
    signing: { privateKeyPem: identity.privateKeyPem, signatureVersion: options.signatureVersion ?? "2" },
    deliveryTimeoutMs: options.deliveryTimeoutMs ?? 15_000,
    retryDelaysMs: options.retryDelaysMs ?? [20_000, 20_000, 20_000],
    confirmationRetryMs: options.confirmationRetryMs ?? 2_000,
    confirmationWindowMs: options.confirmationWindowMs ?? 15 * 60_000,
  });
  const sts = createStsState({
    vendorAccountId: options.vendorAccountId,
    baseAccessKeyId: options.baseAccessKeyId,
    iamPropagationMs: options.iamPropagationMs,
  });
  const organizations = createOrganizations();
  // aws:PrincipalOrgID in topic policies is the publisher's organization, as the sandbox's Organizations has it.
  const snsApi = createSnsApiState({
    topics: options.topicArns,
    organizationOf: (accountId) => organizations.organizationOf(accountId)?.id,
  });
  const templateUrl = new URL("templates/rolelink-role.yaml", origin).toString();
  const template = describeSandboxTemplate(document, version);
  const publishing = {
    origin,
    knownTopics: options.topicArns,
    roles: sts,
    canPublish: (topicArn: string, accountId: string) => snsApi.canPublish(topicArn, accountId),
    publish: (topicArn: string, subject: string, message: string) => delivery.publish(topicArn, subject, message),
    serviceTimeoutMs: options.serviceTimeoutMs,
  };
  const accountCloudFormation = createCloudFormation({ ...publishing, templateUrl, template });
  const stackSets = createStackSets({ organizations, cloudformation: accountCloudFormation });
  const org = createOrgCloudFormation({ origin, publishing, stackSets });
  const cloudformation = combineCloudFormations({ [templateUrl]: accountCloudFormation, [org.templateUrl]: org.cloudformation });
  const stsHandler = createStsHandler(sts);
  const cloudformationApiHandler = createCloudFormationApiHandler({ cloudformation, sts });
  const snsApiHandler = createSnsApiHandler(snsApi);
  const organizationsApiHandler = createOrganizationsApiHandler({ organizations, sts });
  const webhookInbox = createWebhookInbox();
  const state = {
    webhookInbox,
    organizations,
    stackSets,
    delivery,
    sts,
    snsApi,
    cloudformation,
    templateUrl,
    orgTemplateUrl: org.templateUrl,
    templateVersion: version,
    certificatePem: identity.certificatePem,
    parameters: template.parameters
      .filter((p) => !p.noEcho)
      .map(({ name, description, default: value }) => ({ name, description, default: value })),
    defaultAccountId: (): string | undefined => snsApi.lastGrantedAccountId(),
  };

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // DNS rebinding: a web page must not reach the sandbox under another name.
    const hostHeader = (req.headers.host ?? "").replace(/:\d+$/, "");
    if (!LOOPBACK_HOSTS.has(hostHeader)) return send(res, 421, "text/plain", "loopback only");
    const url = new URL(req.url ?? "/", origin);
    const path = url.pathname;
    if (path === "/sts" || path === "/sts/") return stsHandler(req, res);
    if (path === "/sns-api" || path === "/sns-api/") return snsApiHandler(req, res);
    if (path === "/cloudformation" || path === "/cloudformation/") return cloudformationApiHandler(req, res);
    if (path === "/organizations" || path === "/organizations/") return organizationsApiHandler(req, res);
    if (path === `/${CERTIFICATE_PATH}` && req.method === "GET") {
      return send(res, 200, "application/x-x509-ca-cert", identity.certificatePem);
    }
    if (path === "/sns/" && req.method === "GET") return handleSnsGet(url, res, delivery);
    if (path === "/templates/rolelink-role.yaml" && req.method === "GET") {
      return send(res, 200, "application/x-yaml; charset=utf-8", templateText);
    }
    if (path === "/templates/rolelink-org-management.yaml" && req.method === "GET") {
      return send(res, 200, "application/x-yaml; charset=utf-8", org.templateText);
    }
    if (path.startsWith("/cfn-response/")) return handleCfnResponse(req, res, url, cloudformation);
    if (path === "/cloudformation/home" && req.method === "GET") {
      return send(res, 200, "text/html; charset=utf-8", renderConsolePage());
    }
    if (path === "/organizations/home" && req.method === "GET") {
      return send(res, 200, "text/html; charset=utf-8", renderOrgConsolePage());
    }
    if (path.startsWith(INBOX_PATH) && (await webhookInbox.handle(req, res, path))) return;
    if (path === "/" && req.method === "GET") {
      res.writeHead(302, { Location: "/cloudformation/home#/stacks" }).end();
      return;
    }
    if (path.startsWith("/api/") && (await handleOrgStatusApi(req, res, url, state))) return;
    if (path.startsWith("/api/")) return handleStatusApi(req, res, url, state);
    sendJson(res, 404, { error: "not_found" });
  }

  // The app may not be up yet: the confirmations keep trying in the background.
  void delivery.subscribeAll(options.topicArns);

  return {
    origin,
    state,
    stop: async (): Promise<void> => {
      delivery.stop();
      stackSets.stop();
      cloudformation.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
export type SandboxState = Sandbox["state"];
