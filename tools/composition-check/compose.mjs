// Reference composition for gateway.compose's equivalence test.
// Reads JSON [{name, url, sdl}, ...] on stdin; writes JSON {supergraphSdl, errors} on stdout.
import { parse } from "graphql";
import { composeServices } from "@theguild/federation-composition";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const services = JSON.parse(Buffer.concat(chunks).toString("utf8")).map((s) => ({
  name: s.name,
  url: s.url,
  typeDefs: parse(s.sdl),
}));
const result = composeServices(services);
const errors = (result.errors ?? []).map((e) => ({ message: e.message, code: e.extensions?.code ?? null }));
process.stdout.write(JSON.stringify({ supergraphSdl: result.supergraphSdl ?? null, errors }));
