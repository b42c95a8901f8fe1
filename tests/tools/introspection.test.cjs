// The standard introspection query of graphql-js (what GraphiQL, codegen tools and
// schema loaders send) against the server at its default configuration, and a client
// schema built from the answer. CROWDGRAPH_URL names the server under test.
"use strict";
const { test } = require("node:test");
const assert = require("node:assert/strict");
const {
  buildClientSchema,
  getIntrospectionQuery,
  isEnumType,
  isInputObjectType,
  isObjectType,
  printSchema,
} = require("graphql");

const base = process.env.CROWDGRAPH_URL;

async function post(body) {
  const response = await fetch(`${base}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", network: "demo" },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: await response.json() };
}

test("the standard introspection query builds a client schema", async () => {
  const { status, json } = await post({
    query: getIntrospectionQuery(),
    operationName: "IntrospectionQuery",
  });
  assert.equal(status, 200, JSON.stringify(json.errors));
  assert.equal(json.errors, undefined, JSON.stringify(json.errors));
  const schema = buildClientSchema(json.data);
  const query = schema.getQueryType();
  assert.ok(query, "the schema has a query root");
  assert.ok(schema.getMutationType(), "the schema has a mutation root");
  assert.ok("network" in query.getFields(), "Query.network");
  assert.ok(isObjectType(schema.getType("Offering")), "Offering is an object type");
  assert.ok(isEnumType(schema.getType("OfferingStage")), "OfferingStage is an enum");
  assert.ok(
    Object.values(schema.getTypeMap()).some(isInputObjectType),
    "input types are listed"
  );
  assert.ok(printSchema(schema).length > 1000, "the schema prints");
});

test("graphql-js's full introspection options are answered too", async () => {
  const { status, json } = await post({
    query: getIntrospectionQuery({
      descriptions: true,
      specifiedByUrl: true,
      directiveIsRepeatable: true,
      schemaDescription: true,
      inputValueDeprecation: true,
    }),
  });
  assert.equal(status, 200, JSON.stringify(json.errors));
  assert.equal(json.errors, undefined, JSON.stringify(json.errors));
  const schema = buildClientSchema(json.data);
  assert.ok(schema.getDirective("deprecated"), "@deprecated is listed");
});
