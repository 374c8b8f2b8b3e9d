// Composes fixture subgraphs into supergraphs with @theguild/federation-composition.
// stdin: JSON {suite: [{name, url, sdl}]}; stdout: JSON {suite: {supergraph} | {errors: [...]}}.
// Needs NODE_PATH pointing at a node_modules holding
// @theguild/federation-composition@0.27.0 and graphql@16 (see compose.py).
const { parse } = require("graphql");
const { composeServices } = require("@theguild/federation-composition");

let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const out = {};
  for (const [suite, services] of Object.entries(JSON.parse(input))) {
    const result = composeServices(
      services.map((s) => ({ name: s.name, url: s.url, typeDefs: parse(s.sdl) })),
    );
    out[suite] =
      result.errors && result.errors.length > 0
        ? { errors: result.errors.map((e) => e.message) }
        : { supergraph: result.supergraphSdl };
  }
  process.stdout.write(JSON.stringify(out));
});
