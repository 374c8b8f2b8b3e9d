// Reference composition for gateway.compose's equivalence test.
// Reads JSON [{name, url, sdl}, ...] on stdin; writes JSON {supergraphSdl, errors} on stdout.
import { parse } from "graphql";
import { composeServices } from "@theguild/federation-composition";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const services = [];
const parseErrors = [];
for (const s of JSON.parse(Buffer.concat(chunks).toString("utf8"))) {
  try {
    services.push({ name: s.name, url: s.url, typeDefs: parse(s.sdl) });
  } catch (error) {
    parseErrors.push({ message: `[${s.name}] ${error.message}`, code: "INVALID_GRAPHQL" });
  }
}
if (parseErrors.length) {
  process.stdout.write(JSON.stringify({ supergraphSdl: null, errors: parseErrors }));
  process.exit(0);
}
const result = composeServices(services);
const errors = (result.errors ?? []).map((e) => ({ message: e.message, code: e.extensions?.code ?? null }));
process.stdout.write(JSON.stringify({ supergraphSdl: result.supergraphSdl ?? null, errors }));
