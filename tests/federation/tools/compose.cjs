// Composes fixture subgraphs into a supergraph with @theguild/federation-composition.
// stdin: JSON [{name, url, sdl}]; stdout: the supergraph SDL; exit 1 with errors on stderr.
// Needs NODE_PATH pointing at a node_modules holding
// @theguild/federation-composition@0.27.0 and graphql@16 (see compose.py).
const { parse } = require("graphql");
const { composeServices } = require("@theguild/federation-composition");

let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const services = JSON.parse(input).map((s) => ({ name: s.name, url: s.url, typeDefs: parse(s.sdl) }));
  const result = composeServices(services);
  if (result.errors && result.errors.length > 0) {
    for (const error of result.errors) console.error(error.message);
    process.exit(1);
  }
  process.stdout.write(result.supergraphSdl);
});
