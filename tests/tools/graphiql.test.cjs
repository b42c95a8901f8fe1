// GraphiQL in a headless Chromium that can reach nothing but the server under test
// (CROWDGRAPH_URL): the page loads with all its scripts, the docs explorer shows the
// schema's types, and a query run from the editor shows its result. Any request to
// another origin, any Content-Security-Policy violation and any script error fails it.
"use strict";
const { test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");
const { chromium } = require("playwright-core");

const base = process.env.CROWDGRAPH_URL;
const origin = new URL(base).origin;
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
const screenshots = process.env.TOOLS_OUT || ".";

let browser;
let page;
const outside = [];
const problems = [];

before(async () => {
  browser = await chromium.launch({
    executablePath,
    // Names resolve to nothing, so even a request that escaped the route below fails.
    args: ["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1", "--no-proxy-server"],
  });
  const context = await browser.newContext({ serviceWorkers: "block" });
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (new URL(url).origin === origin) return route.continue();
    outside.push(url);
    return route.abort("blockedbyclient");
  });
  page = await context.newPage();
  page.on("pageerror", (e) => problems.push(`script error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console error: ${m.text()}`);
  });
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));
});

after(async () => {
  if (page) {
    await page.screenshot({ path: path.join(screenshots, "graphiql.png") }).catch(() => {});
  }
  if (browser) await browser.close();
});

test("GraphiQL loads from this server alone", async () => {
  const response = await page.goto(`${base}/graphiql?network=demo`);
  assert.equal(response.status(), 200);
  assert.match(response.headers()["content-security-policy"], /default-src 'none'/);
  await page.locator(".graphiql-container").waitFor({ timeout: 30_000 });
  assert.deepEqual(outside, [], "requests to other origins");
  assert.deepEqual(problems, [], "errors while loading");
});

test("the docs explorer shows the schema's types", async () => {
  await page.getByRole("button", { name: /documentation explorer/i }).click();
  const docs = page.locator(".graphiql-doc-explorer");
  await docs.getByText("QueryRoot").first().waitFor({ timeout: 30_000 });
  await docs.getByText("MutationRoot").first().waitFor();
  await docs.getByText("QueryRoot").first().click();
  await docs.getByText("publicStats").first().waitFor();
  assert.deepEqual(problems, [], "errors while loading the schema");
});

test("a query run from the editor shows its result", async () => {
  await page.evaluate(() => {
    const editor = document.querySelector(".graphiql-query-editor .CodeMirror");
    editor.CodeMirror.setValue("query Mine { network { name } }");
  });
  await page.getByRole("button", { name: /execute query/i }).click();
  const result = page.locator(".graphiql-response");
  await result.getByText('"demo"').waitFor({ timeout: 30_000 });
  assert.match(await result.innerText(), /"name": "demo"/);
  assert.deepEqual(outside, [], "requests to other origins");
  assert.deepEqual(problems, [], "errors while running the query");
});
