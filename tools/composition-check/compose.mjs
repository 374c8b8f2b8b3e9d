// Reference composition for gateway.compose's equivalence test.
// stdin: JSON [{name, url, sdl}, ...]            -> stdout: {supergraphSdl, errors}
//    or: JSON {"batch": {key: [{name, url, sdl}]}} -> stdout: {key: {supergraphSdl, errors}}
import { parse } from "graphql";
import { composeServices } from "@theguild/federation-composition";

function composeOne(list) {
  const services = [];
  const parseErrors = [];
  for (const s of list) {
    try {
      services.push({ name: s.name, url: s.url, typeDefs: parse(s.sdl) });
    } catch (error) {
      parseErrors.push({ message: `[${s.name}] ${error.message}`, code: "INVALID_GRAPHQL" });
    }
  }
  if (parseErrors.length) return { supergraphSdl: null, errors: parseErrors };
  let result;
  try {
    result = composeServices(services);
  } catch (error) {
    return { supergraphSdl: null, errors: [{ message: String(error?.stack ?? error), code: "REFERENCE_CRASHED" }] };
  }
  const errors = (result.errors ?? []).map((e) => ({ message: e.message, code: e.extensions?.code ?? null }));
  return { supergraphSdl: result.supergraphSdl ?? null, errors };
}

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const input = JSON.parse(Buffer.concat(chunks).toString("utf8"));
let output;
if (Array.isArray(input)) {
  output = composeOne(input);
} else {
  output = {};
  for (const [key, list] of Object.entries(input.batch)) output[key] = composeOne(list);
}
process.stdout.write(JSON.stringify(output));
