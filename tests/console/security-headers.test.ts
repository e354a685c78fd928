import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import helmet from "helmet";
import { describe, expect, it } from "vitest";
import {
  helmetHeaders,
  pageSecurityOptions as options,
} from "../../src/console/security-headers.ts";

/** The headers of a real response that went through `helmet(options)`, as a browser gets them. */
async function helmetOnRealResponse(): Promise<Record<string, string>> {
  const middleware = helmet(options);
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    middleware(request, response, () => response.end("ok"));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/`);
    await response.text();
    const skip = new Set([
      "date",
      "connection",
      "keep-alive",
      "content-length",
      "transfer-encoding",
    ]);
    return Object.fromEntries([...response.headers].filter(([name]) => !skip.has(name)));
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

describe("security headers worked out once", () => {
  it("are exactly the headers helmet sets on each response, the console's CSP included", async () => {
    const once = Object.fromEntries(
      helmetHeaders(options).map(([name, value]) => [name.toLowerCase(), value]),
    );
    expect(once).toEqual(await helmetOnRealResponse());
    expect(once["content-security-policy"]).toContain("script-src 'self'");
    expect(once["content-security-policy"]).not.toContain("upgrade-insecure-requests");
  });
});
