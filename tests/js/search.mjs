// Runs a plan of steps against `connect-contacts-mock serve` with the AWS SDK for JavaScript v3
// and prints one JSON object, {stepName: result}, on stdout. tests/server/test_server_js.py
// writes the plan on stdin and makes the assertions.
//
// Plan: {"endpoint": "http://127.0.0.1:PORT", "steps": [step, ...]} where a step is
//   {"name", "action": "reset"}                         POST /_mock/reset
//   {"name", "action": "seed", "document": {...}}       POST /_mock/contacts
//   {"name", "action": "search", "input", "region"?}    one SearchContactsCommand
//   {"name", "action": "pages", "input", "region"?}     SearchContactsCommand, following NextToken
//   {"name", "action": "paginate", "input", "pageSize", "region"?}   paginateSearchContacts
//   {"name", "action": "send", "command", "input"}      one sdk[command], e.g. DescribeContactCommand
// Numbers under the keys StartTime and EndTime are epoch seconds and are sent as Dates. Dates
// in responses are printed as (fractional) epoch seconds. A failed call gives
// {"error": {"name", "status", "message", "modelled"}}, `modelled` telling whether the SDK
// raised its own exception class of that name.

import * as sdk from "@aws-sdk/client-connect";

const clients = new Map();

function client(endpoint, region) {
  if (!clients.has(region)) {
    clients.set(
      region,
      new sdk.ConnectClient({
        region,
        endpoint,
        credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
        maxAttempts: 1,
      }),
    );
  }
  return clients.get(region);
}

function withDates(value, key) {
  if ((key === "StartTime" || key === "EndTime") && typeof value === "number") {
    return new Date(Math.round(value * 1000));
  }
  if (Array.isArray(value)) return value.map((item) => withDates(item));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withDates(v, k)]));
  }
  return value;
}

function page(response) {
  const { $metadata, ...body } = response;
  return body;
}

async function control(endpoint, path, document) {
  const response = await fetch(`${endpoint}/_mock/${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(document ?? {}),
  });
  return { status: response.status, body: await response.json() };
}

async function run(endpoint, step) {
  const connect = client(endpoint, step.region ?? "us-east-1");
  const input = withDates(step.input ?? {});
  switch (step.action) {
    case "reset":
      return control(endpoint, "reset");
    case "seed":
      return control(endpoint, "contacts", step.document);
    case "search":
      return { pages: [page(await connect.send(new sdk.SearchContactsCommand(input)))] };
    case "pages": {
      const pages = [];
      let token;
      do {
        const response = await connect.send(
          new sdk.SearchContactsCommand({ ...input, NextToken: token }),
        );
        pages.push(page(response));
        token = response.NextToken;
      } while (token);
      return { pages };
    }
    case "paginate": {
      const pages = [];
      const paginator = sdk.paginateSearchContacts(
        { client: connect, pageSize: step.pageSize },
        input,
      );
      for await (const response of paginator) pages.push(page(response));
      return { pages };
    }
    case "send":
      return { pages: [page(await connect.send(new sdk[step.command](input)))] };
    default:
      throw new Error(`unknown action ${step.action}`);
  }
}

function describeError(error) {
  const modelledClass = sdk[error.name];
  return {
    error: {
      name: error.name,
      status: error.$metadata?.httpStatusCode ?? null,
      message: error.message,
      modelled: typeof modelledClass === "function" && error instanceof modelledClass,
    },
  };
}

function epochSeconds(key, value) {
  const raw = this[key];
  return raw instanceof Date ? raw.getTime() / 1000 : value;
}

let text = "";
for await (const chunk of process.stdin) text += chunk;
const plan = JSON.parse(text);
const results = {};
for (const step of plan.steps) {
  try {
    results[step.name] = await run(plan.endpoint, step);
  } catch (error) {
    if (!error.$metadata) throw error;
    results[step.name] = describeError(error);
  }
}
process.stdout.write(JSON.stringify(results, epochSeconds));
