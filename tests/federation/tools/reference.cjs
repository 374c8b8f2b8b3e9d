// A reference gateway (Apollo Gateway) with the CLI of ours, to check fixture expectations:
//   FEDERATION_GATEWAY="node tests/federation/tools/reference.cjs" python -m tests.federation
// Needs NODE_PATH with @apollo/gateway@2, @apollo/server@4 and graphql@16 installed.
const { readFileSync } = require("node:fs");
const { ApolloServer } = require("@apollo/server");
const { startStandaloneServer } = require("@apollo/server/standalone");
const { ApolloGateway } = require("@apollo/gateway");

const args = process.argv.slice(2);
const option = (name) => args[args.indexOf(name) + 1];
const gateway = new ApolloGateway({ supergraphSdl: readFileSync(option("--supergraph"), "utf8") });
const server = new ApolloServer({ gateway, csrfPrevention: false });
startStandaloneServer(server, { listen: { host: option("--host"), port: Number(option("--port")), path: "/graphql" } });
