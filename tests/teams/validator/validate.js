// Reads one JSON request a line on stdin and answers one JSON line on stdout, so the tests
// start Node once per run: {"card": {...}} is checked by Microsoft's adaptivecards library,
// {"manifest": {...}} by the official Teams manifest schema for its manifestVersion, which
// @microsoft/app-manifest ships (nothing is fetched).
"use strict";

const fs = require("fs");
const path = require("path");
const readline = require("readline");
// The package's lib/ folder is ES modules without file extensions; its dist/ bundle loads.
const AC = require("adaptivecards/dist/adaptivecards.js");
const Ajv = require("ajv-draft-04");
const addFormats = require("ajv-formats");

// Teams shows at most five or six actions, depending on the client: hold cards to five.
const hostConfig = new AC.HostConfig({ actions: { maxActions: 5 } });
const schemas = path.join(path.dirname(require.resolve("@microsoft/app-manifest/package.json")),
  "build", "json-schemas", "teams");
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const compiled = new Map();

function cardProblems(json) {
  const card = new AC.AdaptiveCard();
  card.hostConfig = hostConfig;
  const context = new AC.SerializationContext();
  card.parse(json, context);
  const found = [];
  for (let i = 0; i < context.eventCount; i++) {
    found.push(context.getEventAt(i).message);
  }
  for (const event of card.validateProperties().validationEvents) {
    found.push(event.message);
  }
  return found;
}

function manifestProblems(json) {
  const file = path.join(schemas, `v${json.manifestVersion}`, "MicrosoftTeams.schema.json");
  if (!fs.existsSync(file)) {
    return [`no bundled schema for manifestVersion ${json.manifestVersion}`];
  }
  if (!compiled.has(file)) {
    const schema = JSON.parse(fs.readFileSync(file, "utf8"));
    delete schema.$schema; // draft-04, which this Ajv speaks; the id would make it fetch
    compiled.set(file, ajv.compile(schema));
  }
  const check = compiled.get(file);
  return check(json) ? [] : check.errors.map((e) => `${e.instancePath || "/"} ${e.message}`);
}

readline.createInterface({ input: process.stdin }).on("line", (line) => {
  let problems;
  try {
    const request = JSON.parse(line);
    problems = "manifest" in request ? manifestProblems(request.manifest)
      : cardProblems(request.card);
  } catch (error) {
    problems = [`validator failed: ${error.message}`];
  }
  process.stdout.write(JSON.stringify({ problems }) + "\n");
});
