/** GET on SNS's own URLs: SubscribeURL (ConfirmSubscription) and UnsubscribeURL, answered in SNS's XML. */
import type { ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import { escapeXml, send } from "../http-util";
import type { SnsDelivery } from "../sns-delivery";

const XMLNS = "https://sns.amazonaws.com/doc/2010-03-31/";

function snsXml(action: string, result: string): string {
  return (
    `<${action}Response xmlns="${XMLNS}">\n` +
    (result ? `  <${action}Result>\n${result}  </${action}Result>\n` : "") +
    `  <ResponseMetadata>\n    <RequestId>${randomUUID()}</RequestId>\n  </ResponseMetadata>\n` +
    `</${action}Response>\n`
  );
}

function snsError(res: ServerResponse, status: number, code: string, message: string): void {
  const body =
    `<ErrorResponse xmlns="${XMLNS}">\n  <Error>\n    <Type>Sender</Type>\n    <Code>${escapeXml(code)}</Code>\n` +
    `    <Message>${escapeXml(message)}</Message>\n  </Error>\n  <RequestId>${randomUUID()}</RequestId>\n</ErrorResponse>\n`;
  send(res, status, "text/xml", body);
}

export function handleSnsGet(url: URL, res: ServerResponse, delivery: SnsDelivery): void {
  const params = url.searchParams;
  const action = params.get("Action");
  if (action === "ConfirmSubscription") {
    const sub = delivery.confirm(params.get("TopicArn") ?? "", params.get("Token") ?? "");
    if (!sub) return snsError(res, 400, "InvalidParameter", "Invalid parameter: Token");
    const result = `    <SubscriptionArn>${escapeXml(sub.subscriptionArn)}</SubscriptionArn>\n`;
    return send(res, 200, "text/xml", snsXml("ConfirmSubscription", result));
  }
  if (action === "Unsubscribe") {
    const sub = delivery.unsubscribe(params.get("SubscriptionArn") ?? "");
    if (!sub) return snsError(res, 404, "NotFound", "Subscription does not exist");
    return send(res, 200, "text/xml", snsXml("Unsubscribe", ""));
  }
  snsError(res, 400, "InvalidAction", `Could not find operation ${action ?? ""} for version 2010-03-31`);
}
