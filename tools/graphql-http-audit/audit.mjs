// GraphQL-over-HTTP conformance audit (graphql-http's serverAudits) of one endpoint.
// usage: node audit.mjs <url>   e.g. node audit.mjs http://127.0.0.1:4000/graphql
// stdout: JSON {url, audits: [{id, name, level, status, reason}]}, status one of
// ok | notice | warn | error (error: a MUST fails; warn: a SHOULD; notice: a MAY).
// Exit status: 0 when every MUST is ok, 1 when one is not, 2 on a usage or fatal error.
import { serverAudits } from "graphql-http";

const url = process.argv[2];
if (!url) {
  console.error("usage: node audit.mjs <url>");
  process.exit(2);
}

const results = [];
for (const audit of serverAudits({ url, fetchFn: fetch })) {
  let result;
  try {
    result = await audit.fn();
  } catch (error) {
    result = { id: audit.id, name: audit.name, status: "error", reason: `audit crashed: ${error?.message ?? error}` };
  }
  results.push({
    id: result.id,
    name: result.name,
    level: result.name.split(" ")[0],
    status: result.status,
    reason: result.status === "ok" ? null : result.reason,
  });
}

console.log(JSON.stringify({ url, audits: results }, null, 2));
process.exit(results.some((r) => r.level === "MUST" && r.status !== "ok") ? 1 : 0);
